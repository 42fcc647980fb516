#!/usr/bin/env python3
"""Exports the import tests' fixtures: public architectures with skip or branch structure, random
weights, 10 classes, a dynamic batch axis, ONNX opset 17 (torch 1.13's highest that exports).

Run from the repository root:  /usr/bin/python3 model-import/src/test/python/export_fixtures.py
Debian packages: python3-torch, python3-torchvision, python3-onnx. Fixed seed; each file < 3 MB.
"""
import os

import onnx
import torch
import torchvision
from onnx import TensorProto, helper

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures")
OPSET = 17


def export(name, model, side):
    model.eval()
    path = os.path.join(OUT, name + ".onnx")
    torch.onnx.export(
        model,
        torch.rand(1, 3, side, side),
        path,
        opset_version=OPSET,
        input_names=["image"],
        output_names=["logits"],
        dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}},
        do_constant_folding=True,
    )
    print(f"{path}: {os.path.getsize(path):,} bytes")


def control_flow_model():
    """Conv -> Relu -> If(sum > 0: identity, else: negate; both read the outer tensor) -> Flatten ->
    Gemm. The If's branches use an outer-scope activation, so no cut may separate them."""
    x = helper.make_tensor_value_info("image", TensorProto.FLOAT, ["batch", 1, 8, 8])
    y = helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 10])
    torch.manual_seed(0)
    w = helper.make_tensor("conv_w", TensorProto.FLOAT, [4, 1, 3, 3], torch.randn(36).tolist())
    g = helper.make_tensor("fc_w", TensorProto.FLOAT, [256, 10], torch.randn(2560).tolist())
    then_branch = helper.make_graph(
        [helper.make_node("Identity", ["act"], ["branch_out_then"])],
        "then",
        [],
        [helper.make_tensor_value_info("branch_out_then", TensorProto.FLOAT, None)],
    )
    else_branch = helper.make_graph(
        [helper.make_node("Neg", ["act"], ["branch_out_else"])],
        "else",
        [],
        [helper.make_tensor_value_info("branch_out_else", TensorProto.FLOAT, None)],
    )
    nodes = [
        helper.make_node("Conv", ["image", "conv_w"], ["conv"], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["conv"], ["act"]),
        helper.make_node("ReduceSum", ["act"], ["total"], keepdims=0),
        helper.make_node("Constant", [], ["zero"], value=helper.make_tensor("z", TensorProto.FLOAT, [], [0.0])),
        helper.make_node("Greater", ["total", "zero"], ["positive"]),
        helper.make_node("If", ["positive"], ["chosen"], then_branch=then_branch, else_branch=else_branch),
        helper.make_node("Flatten", ["chosen"], ["flat"]),
        helper.make_node("MatMul", ["flat", "fc_w"], ["logits"]),
    ]
    graph = helper.make_graph(nodes, "control-flow", [x], [y], [w, g])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    path = os.path.join(OUT, "control-flow.onnx")
    onnx.save(model, path)
    print(f"{path}: {os.path.getsize(path):,} bytes")


if __name__ == "__main__":
    torch.manual_seed(1)
    torch.set_num_threads(2)
    os.makedirs(OUT, exist_ok=True)
    export("mobilenetv2-035", torchvision.models.mobilenet_v2(width_mult=0.35, num_classes=10), 64)
    export("squeezenet11", torchvision.models.squeezenet1_1(num_classes=10), 64)
    export("shufflenetv2-05", torchvision.models.shufflenet_v2_x0_5(num_classes=10), 64)
    control_flow_model()
