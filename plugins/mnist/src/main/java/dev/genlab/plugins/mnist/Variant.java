package dev.genlab.plugins.mnist;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What tells MNIST and Fashion-MNIST apart: the name used in specs, the class names, the files with their
 * official download MD5s and the mirrors that serve them. Everything else about the two is the same.
 */
record Variant(String name, String description, List<String> classes, DataFile trainImages, DataFile trainLabels,
        DataFile testImages, DataFile testLabels, List<String> mirrors) {

    static final Variant MNIST = new Variant("mnist",
            "MNIST handwritten digits: 60,000 training and 10,000 test images, 28x28 grey, 10 classes",
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
            new DataFile("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
            new DataFile("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"),
            new DataFile("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"),
            new DataFile("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"),
            List.of("https://ossci-datasets.s3.amazonaws.com/mnist/",
                    "https://storage.googleapis.com/cvdf-datasets/mnist/"));

    static final Variant FASHION_MNIST = new Variant("fashion-mnist",
            "Fashion-MNIST clothing images: 60,000 training and 10,000 test images, 28x28 grey, 10 classes",
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                    "Ankle boot"),
            new DataFile("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
            new DataFile("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
            new DataFile("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
            new DataFile("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"),
            List.of("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"));

    Variant {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        classes = List.copyOf(classes);
        requireNonNull(trainImages, "trainImages is null");
        requireNonNull(trainLabels, "trainLabels is null");
        requireNonNull(testImages, "testImages is null");
        requireNonNull(testLabels, "testLabels is null");
        mirrors = List.copyOf(mirrors);
    }

    /** The four files, in the order they are read and digested. */
    List<DataFile> files() {
        return List.of(trainImages, trainLabels, testImages, testLabels);
    }
}
