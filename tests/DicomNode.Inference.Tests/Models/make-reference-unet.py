#!/usr/bin/python3
"""Builds the reference 3D U-Net that the ONNX Runtime binding tests run.

The network has random weights from a fixed seed: it segments nothing and exists only so that
the C# binding's output can be compared with PyTorch's for the same input. Run with Debian's
Python (apt-get install python3-torch python3-onnx python3-numpy):

    /usr/bin/python3 make-reference-unet.py

Writes, next to this script:
  reference-unet.onnx            opset 17, input "image" [1,1,D,H,W], output "probabilities" [1,3,D,H,W]
  reference-<name>-input.f32     raw little-endian float32, C order
  reference-<name>-output.f32    PyTorch's output for that input, same layout
  reference-unet.json            shapes and file names of each case
"""
import json
import os

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = {
    "small": (1, 1, 8, 32, 32),
    "dynamic": (1, 1, 16, 16, 24),
}


def block(in_channels: int, out_channels: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv3d(in_channels, out_channels, kernel_size=3, padding=1),
        nn.InstanceNorm3d(out_channels, affine=True),
        nn.LeakyReLU(0.01),
        nn.Conv3d(out_channels, out_channels, kernel_size=3, padding=1),
        nn.InstanceNorm3d(out_channels, affine=True),
        nn.LeakyReLU(0.01),
    )


class ReferenceUNet(nn.Module):
    """Two resolution levels, 4 and 8 channels, three output classes with softmax."""

    def __init__(self) -> None:
        super().__init__()
        self.encoder = block(1, 4)
        self.down = nn.MaxPool3d(2)
        self.bottom = block(4, 8)
        self.up = nn.ConvTranspose3d(8, 4, kernel_size=2, stride=2)
        self.decoder = block(8, 4)
        self.head = nn.Conv3d(4, 3, kernel_size=1)

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        skip = self.encoder(image)
        deep = self.bottom(self.down(skip))
        merged = torch.cat([skip, self.up(deep)], dim=1)
        return torch.softmax(self.head(self.decoder(merged)), dim=1)


def main() -> None:
    torch.manual_seed(20240617)
    model = ReferenceUNet().eval()
    # Random affine parameters so that instance norm is not the identity.
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.InstanceNorm3d):
                module.weight.uniform_(0.5, 1.5)
                module.bias.uniform_(-0.2, 0.2)

    onnx_path = os.path.join(HERE, "reference-unet.onnx")
    example = torch.randn(*CASES["small"])
    export_args = dict(
        input_names=["image"],
        output_names=["probabilities"],
        opset_version=17,
        dynamic_axes={
            "image": {2: "depth", 3: "height", 4: "width"},
            "probabilities": {2: "depth", 3: "height", 4: "width"},
        },
    )
    try:
        torch.onnx.export(model, example, onnx_path, dynamo=False, **export_args)
    except TypeError:  # torch before 2.5 has no dynamo argument and only the TorchScript exporter
        torch.onnx.export(model, example, onnx_path, **export_args)

    manifest = {
        "model": "reference-unet.onnx",
        "note": "random weights from a fixed seed; for testing the ONNX Runtime binding only",
        "torch": torch.__version__,
        "input": "image",
        "output": "probabilities",
        "cases": {},
    }
    generator = torch.Generator().manual_seed(7)
    for name, shape in CASES.items():
        image = torch.randn(*shape, generator=generator)
        with torch.no_grad():
            probabilities = model(image)
        input_file = f"reference-{name}-input.f32"
        output_file = f"reference-{name}-output.f32"
        image.numpy().astype("<f4").tofile(os.path.join(HERE, input_file))
        probabilities.numpy().astype("<f4").tofile(os.path.join(HERE, output_file))
        manifest["cases"][name] = {
            "inputShape": list(shape),
            "outputShape": list(probabilities.shape),
            "inputFile": input_file,
            "outputFile": output_file,
        }

    with open(os.path.join(HERE, "reference-unet.json"), "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=2)
        handle.write("\n")

    try:
        import onnx

        onnx.checker.check_model(onnx.load(onnx_path))
        print("onnx.checker: ok")
    except ImportError:
        print("onnx not installed: model not checked")


if __name__ == "__main__":
    main()
