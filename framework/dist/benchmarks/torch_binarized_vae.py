"""PyTorch port of GenLab's experiments/vae-binarized-mnist.yaml (TensorFlow's convolutional VAE tutorial model).

Encoder: conv 32 and 64 (3x3, stride 2, ReLU; padding 'valid' as in the tutorial, or 'same') -> dense to the mean
and log-variance of a 50-dimensional code. Decoder: dense to 7x7x32 (ReLU) -> transposed convs 64 and 32 (3x3,
stride 2, same, ReLU) -> transposed conv 1 (3x3, stride 1, same): logits of a Bernoulli per pixel. Pixels binarized
at 0.5. Glorot-uniform weights and zero biases (Keras's defaults, and GenLab's). Adam 1e-4, batch 100.

The loss per image is GenLab's: binary cross-entropy summed over pixels (one z sample) + the closed-form KL; the test
ELBO is its negative averaged over the 10,000 test images, in nats. The tutorial's own estimate (one sample of
log p(x|z) + log p(z) - log q(z|x)) is printed beside it. Prints one line per epoch on standard error and a JSON
line at the end on standard output.

Options: --epochs, --train-size, --batch, --lr, --latent, --encoder-padding, --threads, --seed, --data-dir.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

from torch_models import read_idx  # beside this file


def binarized(directory, prefix, count=None):
    images = read_idx(os.path.join(directory, prefix + "-images-idx3-ubyte.gz"))
    if count:
        images = images[:count]
    x = (images.astype(np.float32) / 255.0 > 0.5).astype(np.float32)
    return torch.from_numpy(x.reshape(len(x), 1, 28, 28)).contiguous()


class Vae(nn.Module):
    def __init__(self, latent, padding):
        super().__init__()
        pad = 0 if padding == "valid" else 1
        side = 6 if padding == "valid" else 7  # 28 -> 13 -> 6 ('valid'), 28 -> 14 -> 7 ('same')
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 32, 3, stride=2, padding=pad), nn.ReLU(),
            nn.Conv2d(32, 64, 3, stride=2, padding=pad), nn.ReLU(),
            nn.Flatten(), nn.Linear(64 * side * side, 2 * latent))
        self.dense = nn.Linear(latent, 7 * 7 * 32)
        # 'same' transposed convolutions of stride 2: 7 -> 14 -> 28. Unpadded they make 15 and 29 rows; TensorFlow (and
        # GenLab) keep the first 14 and 28 (the extra row is cut at the end, see same_stride2). PyTorch's own
        # padding=1, output_padding=1 would cut it at the start instead: the output one pixel off.
        self.deconv1 = nn.ConvTranspose2d(32, 64, 3, stride=2)
        self.deconv2 = nn.ConvTranspose2d(64, 32, 3, stride=2)
        self.deconv3 = nn.ConvTranspose2d(32, 1, 3, stride=1, padding=1)
        for m in self.modules():
            if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
                nn.init.xavier_uniform_(m.weight)
                nn.init.zeros_(m.bias)
        self.latent = latent

    def encode(self, x):
        statistics = self.encoder(x)
        return statistics[:, :self.latent], statistics[:, self.latent:]

    def decode(self, z):
        h = F.relu(self.dense(z)).view(-1, 32, 7, 7)
        h = F.relu(same_stride2(self.deconv1, h))
        h = F.relu(same_stride2(self.deconv2, h))
        return self.deconv3(h)


def same_stride2(deconv, h):
    """A 3x3 stride-2 transposed convolution with TensorFlow's 'same' alignment: 2H x 2W, the extra row and column cut
    at the end."""
    side = 2 * h.shape[-1]
    return deconv(h)[:, :, :side, :side]


def log_normal(x, mean, log_variance):
    return (-0.5 * ((x - mean) ** 2 * torch.exp(-log_variance) + log_variance + math.log(2 * math.pi))).sum(1)


def losses(model, x):
    """Per image: GenLab's negative ELBO (cross-entropy + closed-form KL) and the tutorial's one-sample estimate."""
    mean, log_variance = model.encode(x)
    z = mean + torch.exp(0.5 * log_variance) * torch.randn_like(mean)
    logits = model.decode(z)
    cross_entropy = F.binary_cross_entropy_with_logits(logits, x, reduction="none").flatten(1).sum(1)
    kl = 0.5 * (mean ** 2 + torch.exp(log_variance) - 1 - log_variance).sum(1)
    tutorial = -cross_entropy + log_normal(z, torch.zeros_like(z), torch.zeros_like(z)) - log_normal(z, mean, log_variance)
    return cross_entropy + kl, tutorial


def test_elbo(model, x, batch=1000):
    model.eval()
    total = tutorial = 0.0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            loss, estimate = losses(model, x[i:i + batch])
            total += loss.sum().item()
            tutorial += estimate.sum().item()
    model.train()
    return -total / len(x), tutorial / len(x)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--train-size", type=int, default=60000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--latent", type=int, default=50)
    parser.add_argument("--encoder-padding", choices=["valid", "same"], default="valid")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--data-dir", default=None, help="directory with mnist/ (default: $GENLAB_DATA_DIR)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    directory = os.path.join(args.data_dir or os.environ.get("GENLAB_DATA_DIR", "."), "mnist")
    train = binarized(directory, "train", args.train_size)
    test = binarized(directory, "t10k")
    model = Vae(args.latent, args.encoder_padding)
    parameters = sum(p.numel() for p in model.parameters())
    print(f"torch {torch.__version__}: {parameters:,} parameters, {len(train):,} training images, "
          f"{args.threads} thread(s)", file=sys.stderr)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    history = []
    started = time.time()
    for epoch in range(1, args.epochs + 1):
        t0 = time.time()
        order = torch.randperm(len(train))
        running = 0.0
        for i in range(0, len(train), args.batch):
            x = train[order[i:i + args.batch]]
            loss, _ = losses(model, x)
            loss = loss.mean()
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            running += loss.item() * len(x)
        seconds = time.time() - t0
        elbo, tutorial = test_elbo(model, test)
        history.append({"epoch": epoch, "train_loss": running / len(train), "test_elbo": elbo,
                        "test_elbo_tutorial": tutorial, "seconds": seconds})
        print(f"torch epoch {epoch}/{args.epochs}: train loss {running / len(train):.2f}, test ELBO {elbo:.2f} nats"
              f" (tutorial's estimate {tutorial:.2f}), {len(train) / seconds:,.0f} img/s", file=sys.stderr)
    print(json.dumps({"side": "torch", "parameters": parameters, "epochs": args.epochs, "history": history,
                      "seconds": time.time() - started}))


if __name__ == "__main__":
    main()
