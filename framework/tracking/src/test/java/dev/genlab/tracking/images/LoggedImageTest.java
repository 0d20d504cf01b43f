package dev.genlab.tracking.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class LoggedImageTest {
    private static final UUID ID = UUID.fromString("4868b02d-9813-469d-ad2f-a610ad5723ea");

    @Test
    void namesTheFilesAsMlflowLogImageDoes() {
        List<LoggedImage.File> files = LoggedImage.files("samples/grid x", grey(40, 28, 128), 3, 1795445841131L, ID);

        // The names Python's MlflowClient.log_image wrote for the same key, step, timestamp and uuid (MLflow 3.17).
        assertThat(files).extracting(LoggedImage.File::path).containsExactly(
                "images/samples~grid x+step+3+timestamp+1795445841131+4868b02d-9813-469d-ad2f-a610ad5723ea.png",
                "images/samples~grid x+step+3+timestamp+1795445841131+4868b02d-9813-469d-ad2f-a610ad5723ea+compressed.webp");
    }

    @Test
    void keepsThePngAtFullSizeAndScalesTheThumbnailToMlflowsSize() throws IOException {
        List<LoggedImage.File> files = LoggedImage.files("recon", grey(40, 28, 128), 0, 1L, ID);

        BufferedImage png = ImageIO.read(new ByteArrayInputStream(files.get(0).content()));
        BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(files.get(1).content()));
        assertThat(png.getWidth()).isEqualTo(40);
        assertThat(png.getRaster().getSample(5, 5, 0)).isEqualTo(128);
        // compress_image_size: the longer side becomes 256, the other int(28 * 256 / 40) = 179.
        assertThat(thumbnail.getWidth()).isEqualTo(256);
        assertThat(thumbnail.getHeight()).isEqualTo(179);
        assertThat(thumbnail.getRGB(100, 100) & 0xffffff).as("grey stays grey 128").isEqualTo(0x808080);
    }

    @Test
    void shrinksLargeImagesKeepingTheAspectRatio() {
        BufferedImage thumbnail = Thumbnail.of(grey(300, 1200, 10));

        assertThat(thumbnail.getWidth()).isEqualTo(64);
        assertThat(thumbnail.getHeight()).isEqualTo(256);
    }

    @Test
    void rejectsKeysMlflowRejects() {
        assertThatThrownBy(() -> LoggedImage.files("loss: 0.3", grey(2, 2, 0), 0, 1L, ID))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loss: 0.3");
    }

    private static BufferedImage grey(int width, int height, int value) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, value);
            }
        }
        return image;
    }
}
