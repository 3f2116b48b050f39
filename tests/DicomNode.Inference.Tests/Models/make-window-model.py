#!/usr/bin/python3
"""Builds window-smooth.onnx, the model the sliding-window tests compare with whole-volume inference.

Not trained: two 3×3×3 box filters (zero padding, so a voxel's output depends on its 5×5×5
neighbourhood and a patch border changes it) followed by the 9-class classifier of
make-cascade-models.py (class k where the smoothed input lies nearest (k + ½)/9). Unlike the 1×1×1
cascade models its scores differ at patch borders, which blending must hide; unlike a random
network its classes are confident away from class boundaries, as a trained model's are.

    /usr/bin/python3 make-window-model.py

Input "image" [N, 1, D, H, W], output "probabilities" [N, 9, D, H, W], N, D, H, W dynamic (opset 17).
"""
import hashlib
import os

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
K = 200.0
CLASSES = 9


class Smooth(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.blur1 = nn.Conv3d(1, 1, kernel_size=3, padding=1, bias=False)
        self.blur2 = nn.Conv3d(1, 1, kernel_size=3, padding=1, bias=False)
        self.head = nn.Conv3d(1, CLASSES, kernel_size=1)
        centres = (torch.arange(CLASSES, dtype=torch.float32) + 0.5) / CLASSES
        with torch.no_grad():
            self.blur1.weight.fill_(1 / 27)
            self.blur2.weight.fill_(1 / 27)
            self.head.weight.copy_((2 * K * centres).reshape(CLASSES, 1, 1, 1, 1))
            self.head.bias.copy_(-K * centres * centres)

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        return torch.softmax(self.head(self.blur2(self.blur1(image))), dim=1)


def main() -> None:
    path = os.path.join(HERE, "window-smooth.onnx")
    model = Smooth().eval()
    torch.onnx.export(
        model, torch.zeros(1, 1, 4, 8, 8), path, opset_version=17,
        input_names=["image"], output_names=["probabilities"],
        dynamic_axes={"image": {0: "N", 2: "D", 3: "H", 4: "W"}, "probabilities": {0: "N", 2: "D", 3: "H", 4: "W"}})
    with open(path, "rb") as f:
        print(path, hashlib.sha256(f.read()).hexdigest())


if __name__ == "__main__":
    main()
