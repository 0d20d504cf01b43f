#!/usr/bin/env python3
"""PyTorch CPU ports of GenLab's reference models, for the side-by-side speed benchmark (./speed).

One process trains one model with one thread count and prints one JSON line on standard output:
  {"side": "torch", "model": "vae", "threads": 1, "value": 1234.5, "unit": "img/s", "epochs": [...], ...}
"value" is the median over the measured epochs (all but the first; for sae every epoch of every stage counts,
see below) of the training throughput: images per second, or iterations per second for the GAN. An epoch's
time is time.perf_counter() around its loop (shuffle, batch gather, forward, backward, optimiser step, reading
the loss); nothing is evaluated on the test set.

The ports follow the GenLab plugins (plugins/vae, plugins/gan, plugins/ae) and experiments/*-mnist.yaml:
  vae  conv 3x3/32/s2 same, ReLU -> conv 3x3/64/s2 same, ReLU -> dense 3136 -> 2x16 (mean, log-variance);
       z = mean + exp(logvar / 2) eps; dense 16 -> 7x7x64 (linear) -> tconv 3x3/64/s2 same, ReLU
       -> tconv 3x3/32/s2 same, ReLU -> tconv 3x3/1/s1 same -> sigmoid. Loss: mean over the batch of
       0.5 x summed squared error + KL. Adam 1e-3, batch 128. 228,193 parameters.
  gan  DCGAN. G: dense 32 -> 3136, batch norm over the 3136 features (eps 1e-3, Keras momentum 0.9), LeakyReLU 0.3,
       reshape 64x7x7, dropout 0.4 -> 2 x [upsample x2 (nearest), tconv 5x5 same (32, then 16), batch norm,
       LeakyReLU] -> conv 5x5/1 same, sigmoid (174,305 trainable). D: conv 5x5/64/s2 same -> conv 5x5/256/s2 valid
       -> conv 5x5/256/s2 valid, each ReLU + dropout 0.4 -> dense 256 -> 1 (2,050,433). One iteration: B fakes from
       G in inference mode, one D step on the B real + B fake images (BCE from logits, real 1, fake 0), one G step
       on B fresh z through the frozen D (training mode, dropout on), target 1. Adam 4e-4 each, batch 128.
  ae   784 -> 32 ReLU -> 784 sigmoid, MSE, Adam 1e-3, batch 256 (50,992 parameters).
  dae  the ae on x + 0.55 N(0, 1) (fresh noise each step, not clipped), target the clean x.
  sae  stage layer1: AE 784 -> 256 ReLU -> 784 sigmoid, MSE; stage layer2: AE 256 -> 64 ReLU -> 256 identity on the
       codes of the frozen first encoder (computed per batch, no gradient), MSE; stage finetune: 784 -> 256 ReLU
       -> 64 ReLU -> 10 softmax, the two encoders copied in at its first step, cross-entropy. A fresh Adam 1e-3 per
       stage, batch 32. Throughput: all training images of all stages over their summed epoch times.

Weight initialisation differs from GenLab (PyTorch's defaults); it does not matter for speed.

Options: --model, --threads, --train-size, --epochs | --iterations, --batch, --data-dir, --seed;
--check prints parameter counts and the loss of each epoch instead (a sanity check of the ports, not a benchmark).
"""
import argparse
import gzip
import json
import os
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

PIXELS = 784
LATENT_VAE = 16
LATENT_GAN = 32

# Parameter counts of GenLab's networks, as `SpeedBenchmark --params` prints them from the models it saves (keys are
# the files under model/ there), for --check without Java. The generator's excludes batch norm's moving statistics.
GENLAB_PARAMS = {
    "vae": {"vae.sd": 228_193},
    "gan": {"generator.sdz (trainable)": 174_305, "discriminator.sdz": 2_050_433},
    "ae": {"model.zip": 50_992},
    "dae": {"model.zip": 50_992},
    "sae": {"layer1.zip": 402_448, "layer2.zip": 33_088, "classifier.zip": 218_058},
}


# ---------------------------------------------------------------------------------------------------- data

def read_idx(path):
    """An IDX file (gzipped) as a numpy array of its shape."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load_mnist(directory, count):
    """The first `count` training images as [n, 784] float32 in [0, 1], and their labels as int64."""
    images = read_idx(os.path.join(directory, "train-images-idx3-ubyte.gz"))[:count]
    labels = read_idx(os.path.join(directory, "train-labels-idx1-ubyte.gz"))[:count]
    x = torch.from_numpy(images.reshape(len(images), PIXELS).astype(np.float32) / 255.0).contiguous()
    y = torch.from_numpy(labels.astype(np.int64))
    return x, y


# ---------------------------------------------------------------------------------------------------- models

class Vae(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc1 = nn.Conv2d(1, 32, 3, stride=2, padding=1)
        self.enc2 = nn.Conv2d(32, 64, 3, stride=2, padding=1)
        self.enc_dense = nn.Linear(64 * 7 * 7, 2 * LATENT_VAE)
        self.dec_dense = nn.Linear(LATENT_VAE, 64 * 7 * 7)
        # 'same' transposed convolutions: 7 -> 14 -> 28 at stride 2, 28 -> 28 at stride 1
        self.dec1 = nn.ConvTranspose2d(64, 64, 3, stride=2, padding=1, output_padding=1)
        self.dec2 = nn.ConvTranspose2d(64, 32, 3, stride=2, padding=1, output_padding=1)
        self.dec3 = nn.ConvTranspose2d(32, 1, 3, stride=1, padding=1)

    def forward(self, x, eps):
        h = F.relu(self.enc1(x.view(-1, 1, 28, 28)))
        h = F.relu(self.enc2(h))
        mean, log_variance = self.enc_dense(h.flatten(1)).chunk(2, dim=1)
        z = mean + torch.exp(0.5 * log_variance) * eps
        h = self.dec_dense(z).view(-1, 64, 7, 7)
        h = F.relu(self.dec1(h))
        h = F.relu(self.dec2(h))
        output = torch.sigmoid(self.dec3(h)).view(-1, PIXELS)
        return output, mean, log_variance


def vae_losses(x, output, mean, log_variance):
    reconstruction = 0.5 * (output - x).square().sum(1)
    kl = 0.5 * (mean.square() + log_variance.exp() - 1.0 - log_variance).sum(1)
    return reconstruction.mean(), kl.mean()


class Generator(nn.Module):
    def __init__(self, latent=LATENT_GAN, filters=64, slope=0.3, dropout=0.4, momentum=0.9):
        super().__init__()
        # Keras's BatchNormalization(momentum=0.9) is PyTorch's momentum=0.1; Keras's epsilon 1e-3
        bn_momentum = 1.0 - momentum
        self.filters = filters
        self.dense = nn.Linear(latent, filters * 7 * 7)
        self.bn0 = nn.BatchNorm1d(filters * 7 * 7, eps=1e-3, momentum=bn_momentum)
        self.drop = nn.Dropout(dropout)
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.deconv1 = nn.ConvTranspose2d(filters, filters // 2, 5, stride=1, padding=2)
        self.bn1 = nn.BatchNorm2d(filters // 2, eps=1e-3, momentum=bn_momentum)
        self.deconv2 = nn.ConvTranspose2d(filters // 2, filters // 4, 5, stride=1, padding=2)
        self.bn2 = nn.BatchNorm2d(filters // 4, eps=1e-3, momentum=bn_momentum)
        self.out = nn.Conv2d(filters // 4, 1, 5, stride=1, padding=2)
        self.slope = slope

    def forward(self, z):
        h = F.leaky_relu(self.bn0(self.dense(z)), self.slope)
        h = self.drop(h.view(-1, self.filters, 7, 7))
        h = F.leaky_relu(self.bn1(self.deconv1(self.up(h))), self.slope)
        h = F.leaky_relu(self.bn2(self.deconv2(self.up(h))), self.slope)
        return torch.sigmoid(self.out(h))


class Discriminator(nn.Module):
    def __init__(self, filters=64, dropout=0.4):
        super().__init__()
        self.conv0 = nn.Conv2d(1, filters, 5, stride=2, padding=2)        # 'same': 28 -> 14
        self.conv1 = nn.Conv2d(filters, 4 * filters, 5, stride=2)         # 'valid': 14 -> 5
        self.conv2 = nn.Conv2d(4 * filters, 4 * filters, 5, stride=2)     # 'valid': 5 -> 1
        self.drop = nn.Dropout(dropout)
        self.dense = nn.Linear(4 * filters, 1)

    def forward(self, x):
        h = self.drop(F.relu(self.conv0(x)))
        h = self.drop(F.relu(self.conv1(h)))
        h = self.drop(F.relu(self.conv2(h)))
        return self.dense(h.flatten(1))


def dense_autoencoder(inputs, code, output_activation):
    layers = [nn.Linear(inputs, code), nn.ReLU(), nn.Linear(code, inputs)]
    if output_activation == "sigmoid":
        layers.append(nn.Sigmoid())
    return nn.Sequential(*layers)


def count(module, trainable_only=True):
    return sum(p.numel() for p in module.parameters() if p.requires_grad or not trainable_only)


# ---------------------------------------------------------------------------------------------------- training

class Trainer:
    """Runs epochs of shuffled batches and times each one with perf_counter (training steps only)."""

    def __init__(self, x, y, batch, seed):
        self.x = x
        self.y = y
        self.batch = batch
        self.order = torch.Generator().manual_seed(seed)
        self.epoch_times = []
        self.epoch_images = []
        self.epoch_steps = []
        self.epoch_losses = []

    def epoch(self, step, max_steps=None):
        """One pass over the data (or its first max_steps batches) with step(x, y) -> loss (a float)."""
        n = len(self.x)
        start = time.perf_counter()
        perm = torch.randperm(n, generator=self.order)
        total, steps, images = 0.0, 0, 0
        for begin in range(0, n, self.batch):
            if max_steps is not None and steps >= max_steps:
                break
            idx = perm[begin:begin + self.batch]
            xb = self.x.index_select(0, idx)
            yb = self.y.index_select(0, idx)
            total += step(xb, yb)
            steps += 1
            images += len(idx)
        self.epoch_times.append(time.perf_counter() - start)
        self.epoch_images.append(images)
        self.epoch_steps.append(steps)
        self.epoch_losses.append(total / max(steps, 1))


def optimise(optimizer, loss):
    """One optimiser step on a scalar loss; returns the loss's value."""
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    return loss.item()


def adam(params, lr):
    return torch.optim.Adam(params, lr=lr)


def train_vae(x, y, args, stages):
    model = Vae()
    optimizer = adam(model.parameters(), 1e-3)
    trainer = Trainer(x, y, args.batch, args.seed)

    def step(xb, _):
        eps = torch.randn(len(xb), LATENT_VAE)
        output, mean, log_variance = model(xb, eps)
        reconstruction, kl = vae_losses(xb, output, mean, log_variance)
        loss = reconstruction + kl
        return optimise(optimizer, loss)

    for _ in range(args.epochs):
        trainer.epoch(step)
    stages.append(("vae", trainer))
    return {"vae.sd": count(model)}


def train_gan(x, y, args, stages):
    generator, discriminator = Generator(), Discriminator()
    params = {"generator.sdz (trainable)": count(generator), "discriminator.sdz": count(discriminator)}
    g_optimizer = adam(generator.parameters(), 4e-4)
    d_optimizer = adam(discriminator.parameters(), 4e-4)
    trainer = Trainer(x, y, args.batch, args.seed)
    d_params = list(discriminator.parameters())
    d_losses = []

    def uniform(n):
        return torch.rand(n, LATENT_GAN) * 2 - 1

    def step(real, _):
        n = len(real)
        # B generated images from the generator in inference mode (Keras's generator.predict)
        generator.eval()
        with torch.no_grad():
            fake = generator(uniform(n))
        images = torch.cat([real.view(-1, 1, 28, 28), fake])
        labels = torch.cat([torch.ones(n, 1), torch.zeros(n, 1)])
        for p in d_params:
            p.requires_grad_(True)
        discriminator.train()
        logits = discriminator(images)
        d_loss = F.binary_cross_entropy_with_logits(logits, labels)
        d_optimizer.zero_grad(set_to_none=True)
        d_loss.backward()
        d_optimizer.step()
        with torch.no_grad():
            judged_real = (logits > 0).float()
            _accuracies = (judged_real[:n].mean().item(), 1 - judged_real[n:].mean().item())
        # the generator through the frozen discriminator (training mode, dropout on), target real
        for p in d_params:
            p.requires_grad_(False)
        generator.train()
        g_logits = discriminator(generator(uniform(n)))
        g_loss = F.binary_cross_entropy_with_logits(g_logits, torch.ones(n, 1))
        g_optimizer.zero_grad(set_to_none=True)
        g_loss.backward()
        g_optimizer.step()
        d_losses.append(d_loss.item())
        return g_loss.item()

    steps_per_epoch = (len(x) + args.batch - 1) // args.batch
    done = 0
    while done < args.iterations:
        trainer.epoch(step, max_steps=min(steps_per_epoch, args.iterations - done))
        done += trainer.epoch_steps[-1]
    stages.append(("generator", trainer))
    if args.check:
        means, at = [], 0
        for steps in trainer.epoch_steps:
            means.append(sum(d_losses[at:at + steps]) / steps)
            at += steps
        print("gan: discriminator loss by epoch: " + ", ".join(f"{m:.4f}" for m in means), file=sys.stderr)
    return params


def train_ae(x, y, args, stages, noise=0.0):
    model = dense_autoencoder(PIXELS, 32, "sigmoid")
    optimizer = adam(model.parameters(), 1e-3)
    trainer = Trainer(x, y, args.batch, args.seed)

    def step(xb, _):
        inputs = xb + noise * torch.randn_like(xb) if noise else xb
        loss = F.mse_loss(model(inputs), xb)
        return optimise(optimizer, loss)

    for _ in range(args.epochs):
        trainer.epoch(step)
    stages.append(("ae", trainer))
    return {"model.zip": count(model)}


def train_sae(x, y, args, stages):
    layer1 = dense_autoencoder(PIXELS, 256, "sigmoid")
    layer2 = dense_autoencoder(256, 64, "identity")
    classifier = nn.Sequential(nn.Linear(PIXELS, 256), nn.ReLU(), nn.Linear(256, 64), nn.ReLU(), nn.Linear(64, 10))
    params = {"layer1.zip": count(layer1), "layer2.zip": count(layer2), "classifier.zip": count(classifier)}

    def pretrain(autoencoder, encode):
        optimizer = adam(autoencoder.parameters(), 1e-3)

        def step(xb, _):
            with torch.no_grad():
                codes = encode(xb)
            loss = F.mse_loss(autoencoder(codes), codes)
            return optimise(optimizer, loss)
        return step

    stage = Trainer(x, y, args.batch, args.seed)
    step = pretrain(layer1, lambda xb: xb)
    for _ in range(args.epochs):
        stage.epoch(step)
    stages.append(("layer1", stage))

    stage = Trainer(x, y, args.batch, args.seed + 1)
    step = pretrain(layer2, lambda xb: F.relu(layer1[0](xb)))
    for _ in range(args.epochs):
        stage.epoch(step)
    stages.append(("layer2", stage))

    optimizer = adam(classifier.parameters(), 1e-3)
    started = [False]

    def finetune(xb, yb):
        if not started[0]:
            # the pre-trained encoders handed to the classifier at its first step, as GenLab does
            with torch.no_grad():
                classifier[0].weight.copy_(layer1[0].weight)
                classifier[0].bias.copy_(layer1[0].bias)
                classifier[2].weight.copy_(layer2[0].weight)
                classifier[2].bias.copy_(layer2[0].bias)
            started[0] = True
        loss = F.cross_entropy(classifier(xb), yb)
        return optimise(optimizer, loss)

    stage = Trainer(x, y, args.batch, args.seed + 2)
    for _ in range(args.epochs):
        stage.epoch(finetune)
    stages.append(("finetune", stage))
    return params


MODELS = {
    "vae": (train_vae, 128),
    "gan": (train_gan, 128),
    "ae": (train_ae, 256),
    "dae": (lambda x, y, args, stages: train_ae(x, y, args, stages, noise=0.55), 256),
    "sae": (train_sae, 32),
}


def peak_rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return None


def summarise(model, stages):
    """The JSON fields of the result: throughput per measured epoch and their median."""
    if model == "sae":
        # every epoch of every stage counts: all training images over the summed epoch times
        images = sum(sum(t.epoch_images) for _, t in stages)
        seconds = sum(sum(t.epoch_times) for _, t in stages)
        per_epoch = [i / s for _, t in stages for i, s in zip(t.epoch_images, t.epoch_times)]
        return images / seconds, per_epoch, "img/s"
    trainer = stages[0][1]
    if model == "gan":
        rates = [steps / s for steps, s in zip(trainer.epoch_steps, trainer.epoch_times)]
        unit = "it/s"
    else:
        rates = [i / s for i, s in zip(trainer.epoch_images, trainer.epoch_times)]
        unit = "img/s"
    measured = rates[1:] if len(rates) > 1 else rates
    return statistics.median(measured), rates, unit


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", required=True, choices=sorted(MODELS))
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--train-size", type=int, default=5000)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--iterations", type=int, default=0, help="gan: training iterations (default 3 epochs)")
    parser.add_argument("--batch", type=int, default=0, help="default: the reference batch of the model")
    parser.add_argument("--data-dir", default=None, help="directory with mnist/ (default: $GENLAB_DATA_DIR)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--check", action="store_true", help="print parameter counts and epoch losses (standard error) and the counts as JSON")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass  # only allowed before any parallel work has started
    torch.manual_seed(args.seed)
    train, default_batch = MODELS[args.model]
    args.batch = args.batch or default_batch
    if args.model == "gan" and not args.iterations:
        args.iterations = args.epochs * ((args.train_size + args.batch - 1) // args.batch)
    root = args.data_dir or os.environ.get("GENLAB_DATA_DIR") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "shared", "datasets")
    x, y = load_mnist(os.path.join(root, "mnist"), args.train_size)

    stages = []
    params = train(x, y, args, stages)
    value, rates, unit = summarise(args.model, stages)
    if args.check:
        # a sanity check, on standard error; standard output gets the parameter counts as a JSON line
        expected = GENLAB_PARAMS[args.model]
        for name, n in params.items():
            mark = "as GenLab" if expected.get(name) == n else f"GenLab: {expected.get(name)}"
            print(f"{args.model}: {name} {n:,} parameters ({mark})", file=sys.stderr)
        for name, trainer in stages:
            losses = ", ".join(f"{loss:.4f}" for loss in trainer.epoch_losses)
            print(f"{args.model}: {name} loss by epoch: {losses}", file=sys.stderr)
        print(f"{args.model}: {value:,.1f} {unit} (epochs {', '.join(f'{r:,.1f}' for r in rates)})", file=sys.stderr)
        print(json.dumps({"side": "torch", "model": args.model, "threads": args.threads, "params": params}))
        return
    result = {
        "side": "torch", "model": args.model, "threads": args.threads, "value": round(value, 3), "unit": unit,
        "epochs": [round(r, 3) for r in rates],
        "epoch_losses": [round(loss, 5) for _, t in stages for loss in t.epoch_losses],
        "train_size": len(x), "batch": args.batch,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "torch": torch.__version__, "torch_threads": torch.get_num_threads(),
        "params": params,
    }
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    sys.exit(main())
