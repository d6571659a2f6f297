"""ONNX export at training time: fp32, and int8 with per-channel dynamic quantization."""

from __future__ import annotations

from pathlib import Path

from stance.paths import ONNX_FP32_FILE, ONNX_INT8_FILE


def export_onnx(model, folder: Path) -> dict:
    """Write model.onnx and model.int8.onnx beside the safetensors weights; return their sizes."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModelForSequenceClassification

    folder = Path(folder)
    # Eager attention exports as plain MatMul/Softmax ops that ONNX Runtime optimizes at load time.
    # (Its offline BERT fusion, onnxruntime.transformers.optimizer, was not faster here: docs/speed.md.)
    eager = AutoModelForSequenceClassification.from_pretrained(folder, attn_implementation="eager").eval()
    sample = model.tokenizer(["stance of Poland on a ceasefire"], ["[ Poland ] backs a truce."], return_tensors="pt")
    names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in sample]
    dynamic = {n: {0: "batch", 1: "sequence"} for n in names}
    with torch.inference_mode():
        torch.onnx.export(
            eager, tuple(sample[n] for n in names), str(folder / ONNX_FP32_FILE), input_names=names,
            output_names=["logits"], dynamic_axes={**dynamic, "logits": {0: "batch"}}, opset_version=17, dynamo=False,
        )
    quantize_dynamic(str(folder / ONNX_FP32_FILE), str(folder / ONNX_INT8_FILE), weight_type=QuantType.QInt8,
                     per_channel=True)
    return {name: round((folder / name).stat().st_size / 2**20, 1) for name in (ONNX_FP32_FILE, ONNX_INT8_FILE)}
