"""A tiny WordPiece tokenizer and a fake encoder, so tagger logic is tested without model files.

The fake encoder runs behind `FakeModel`, through the same `Model` protocol
as the shipped ONNX encoder. Its fixtures are imported by the root conftest.
"""

from __future__ import annotations

import numpy as np
import pytest
from tokenizers import Tokenizer, normalizers, pre_tokenizers
from tokenizers.models import WordPiece

from presslens.models.fake_model import FakeModel
from presslens.techniques.predict import TechniqueTagger
from presslens.techniques.settings import TaggerSettings

WORDS = (
    "the minister called the plan a disgraceful betrayal of our great nation . critics said it was fine "
    "\" we will never surrender , \" she told reporters on monday and the cowardly traitors lied again"
).split()
LOADED = {"disgraceful", "betrayal", "cowardly", "traitors", "surrender"}


def build_tokenizer() -> Tokenizer:
    vocab = {tok: i for i, tok in enumerate(["[PAD]", "[UNK]", "[CLS]", "[SEP]", *dict.fromkeys(WORDS), "##s", "un"])}
    tok = Tokenizer(WordPiece(vocab, unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    return tok


@pytest.fixture
def tokenizer() -> Tokenizer:
    return build_tokenizer()


class FakeEncoder:  # the `ids_fn` of a FakeModel
    """Span logit +6 for loaded words, -6 otherwise; token vectors = [is loaded, 1, position]."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.loaded_ids = {tokenizer.token_to_id(w) for w in LOADED}
        self.calls = 0
        self.batch_rows: list[int] = []

    def __call__(self, ids: np.ndarray, mask: np.ndarray) -> dict[str, np.ndarray]:
        self.calls += 1
        self.batch_rows.append(ids.shape[0])
        loaded = np.isin(ids, list(self.loaded_ids))
        logits = np.where(loaded, 6.0, -6.0).astype(np.float32)
        pos = np.broadcast_to(np.arange(ids.shape[1], dtype=np.float32), ids.shape)
        hidden = np.stack([loaded.astype(np.float32), np.ones(ids.shape, np.float32), pos], axis=-1)
        return {"span_logits": logits, "hidden": hidden}


def fake_encoder_model(tokenizer: Tokenizer, encoder: FakeEncoder | None = None) -> FakeModel:
    """A `Model` that tokenises with `tokenizer` and encodes with `encoder` (a new FakeEncoder by default)."""
    return FakeModel(
        names=("span_logits", "hidden"), ids_fn=encoder or FakeEncoder(tokenizer), tokenizer=tokenizer
    )


def fake_classify(features: np.ndarray) -> np.ndarray:
    """Technique 0 (Loaded_Language) when the span mean says 'loaded', else technique 1."""
    probs = np.full((features.shape[0], 14), 0.01)
    probs[:, 0] = np.where(features[:, 0] > 0.5, 0.87, 0.01)
    probs[:, 1] = np.where(features[:, 0] > 0.5, 0.01, 0.87)
    return probs


@pytest.fixture
def fake_tagger(tokenizer: Tokenizer) -> TechniqueTagger:
    return TechniqueTagger(fake_encoder_model(tokenizer), fake_classify, settings=TaggerSettings(threshold=0.5))


NAME_CALLING = {"traitors", "cowardly"}
SURRENDER = {"we", "will", "never", "surrender"}


class FakeChannelEncoder:  # the `ids_fn` of a per-technique FakeModel
    """15 span channels: Loaded_Language on loaded words, Name_Calling on "cowardly traitors",
    Slogans on "we will never surrender" (nesting the loaded "surrender"), last channel = any."""

    def __init__(self, tokenizer: Tokenizer, *, name_calling_logit: float = 6.0) -> None:
        self.sets = [{tokenizer.token_to_id(w) for w in words} for words in (LOADED, NAME_CALLING, SURRENDER)]
        self.name_calling_logit = name_calling_logit

    def __call__(self, ids: np.ndarray, mask: np.ndarray) -> dict[str, np.ndarray]:
        logits = np.full((*ids.shape, 15), -6.0, dtype=np.float32)
        loaded, named, slogan = (np.isin(ids, list(s)) for s in self.sets)
        logits[..., 0] = np.where(loaded, 6.0, -6.0)
        logits[..., 1] = np.where(named, self.name_calling_logit, -6.0)
        logits[..., 9] = np.where(slogan, 3.0, -6.0)
        logits[..., 14] = np.where(loaded | named | slogan, 6.0, -6.0)
        pos = np.broadcast_to(np.arange(ids.shape[1], dtype=np.float32), ids.shape)
        hidden = np.stack([loaded.astype(np.float32), np.ones(ids.shape, np.float32), pos], axis=-1)
        return {"span_logits": logits, "hidden": hidden}


def fake_channel_tagger(tokenizer: Tokenizer, settings: TaggerSettings | None = None, **kw: float) -> TechniqueTagger:
    model = FakeModel(names=("span_logits", "hidden"), ids_fn=FakeChannelEncoder(tokenizer, **kw), tokenizer=tokenizer)
    return TechniqueTagger(model, fake_classify, settings=settings or TaggerSettings(threshold=0.5))
