"""Build small random-weight seq2seq models with in-process trained tokenizers (tests, benchmarks; no download)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

DEFAULT_CORPUS = (
    "The government announced new measures on Monday to support families facing higher energy prices. "
    "Officials said the plan would cost about 2.5 billion dollars over three years. "
    "Critics argued the money came too late for many households. "
    "The central bank raised interest rates for the fourth time this year, citing stubborn inflation. "
    "Scientists reported that the new telescope had captured images of distant galaxies. "
    "The company said its quarterly profit rose 12 percent as demand for cloud services grew. "
    "Rescue teams searched through the night after heavy rain caused flooding in several towns. "
    "The minister will meet her counterparts in Brussels next week to discuss trade and security. "
    "Local football fans celebrated after the team won the championship for the first time in decades. "
    "Researchers warned that rising sea temperatures threaten coral reefs across the region. "
)


def _kwargs(**values: Any) -> dict[str, Any]:
    """Config keyword arguments (transformers' config classes accept generic keys their stubs do not list)."""
    return values


def _corpus(extra: Iterable[str] = ()) -> list[str]:
    lines = [s.strip() + "." for s in DEFAULT_CORPUS.split(". ") if s.strip()]
    return lines * 20 + list(extra)


def train_bpe_tokenizer(vocab_size: int = 600, extra_text: Iterable[str] = (), max_length: int = 128) -> Any:
    """A byte-level BPE tokenizer in BART's style (``<s> … </s>``), trained in-process."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

    specials = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size, special_tokens=specials, initial_alphabet=pre_tokenizers.ByteLevel.alphabet()
    )
    tok.train_from_iterator(_corpus(extra_text), trainer=trainer)
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", tok.token_to_id("<s>")), ("</s>", tok.token_to_id("</s>"))],
    )
    return bart_fast_tokenizer(tok, max_length)


def bart_fast_tokenizer(tok: Any, max_length: int) -> Any:
    """A ``tokenizers.Tokenizer`` with BART's special tokens as the transformers tokenizer that models save."""
    from transformers import PreTrainedTokenizerFast

    return PreTrainedTokenizerFast(
        tokenizer_object=tok,
        bos_token="<s>",
        eos_token="</s>",
        pad_token="<pad>",
        unk_token="<unk>",
        mask_token="<mask>",
        model_max_length=max_length,
    )


def train_t5_tokenizer(vocab_size: int = 600, extra_text: Iterable[str] = (), max_length: int = 128) -> Any:
    """A Unigram tokenizer in T5's style (``<pad>``=0, ``</s>``=1, ``<unk>``=2, ``… </s>``), trained in-process."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    specials = ["<pad>", "</s>", "<unk>"]
    tok = Tokenizer(models.Unigram())
    tok.pre_tokenizer = pre_tokenizers.Metaspace()
    tok.decoder = decoders.Metaspace()
    trainer = trainers.UnigramTrainer(vocab_size=vocab_size, special_tokens=specials, unk_token="<unk>")
    tok.train_from_iterator(_corpus(extra_text), trainer=trainer)
    tok.post_processor = processors.TemplateProcessing(
        single="$A </s>", pair="$A </s> $B </s>", special_tokens=[("</s>", tok.token_to_id("</s>"))]
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=tok, eos_token="</s>", pad_token="<pad>", unk_token="<unk>", model_max_length=max_length
    )


def save_tiny_bart(
    folder: Path,
    *,
    max_positions: int = 128,
    summarization: dict[str, Any] | None = None,
    seed: int = 0,
    generation: dict[str, Any] | None = None,
) -> Path:
    """Save a tiny random BART summarizer (tokenizer included) to ``folder`` and return it."""
    import torch
    from transformers import BartConfig, BartForConditionalGeneration, GenerationConfig

    torch.manual_seed(seed)
    tokenizer = train_bpe_tokenizer(max_length=max_positions)
    config = BartConfig(
        **_kwargs(
            vocab_size=len(tokenizer),
            d_model=32,
            encoder_layers=1,
            decoder_layers=1,
            encoder_attention_heads=2,
            decoder_attention_heads=2,
            encoder_ffn_dim=64,
            decoder_ffn_dim=64,
            max_position_embeddings=max_positions,
            pad_token_id=tokenizer.pad_token_id,
            bos_token_id=tokenizer.bos_token_id,
            eos_token_id=tokenizer.eos_token_id,
            decoder_start_token_id=tokenizer.eos_token_id,
            forced_eos_token_id=tokenizer.eos_token_id,
            task_specific_params={
                "summarization": summarization
                if summarization is not None
                else {
                    "num_beams": 2,
                    "length_penalty": 2.0,
                    "min_length": 12,
                    "max_length": 24,
                    "no_repeat_ngram_size": 3,
                    "early_stopping": True,
                }
            },
        )
    )
    model = BartForConditionalGeneration(config).eval()
    model.generation_config = GenerationConfig(
        decoder_start_token_id=config.decoder_start_token_id,
        bos_token_id=config.bos_token_id,
        eos_token_id=config.eos_token_id,
        pad_token_id=config.pad_token_id,
        forced_eos_token_id=config.eos_token_id,
        **(generation or {}),
    )
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def save_tiny_t5(folder: Path, *, max_length: int = 128, seed: int = 0) -> Path:
    """Save a tiny random T5 summarizer whose summarization params carry the ``summarize: `` prefix."""
    import torch
    from transformers import GenerationConfig, T5Config, T5ForConditionalGeneration

    torch.manual_seed(seed)
    tokenizer = train_t5_tokenizer(max_length=max_length)
    config = T5Config(
        **_kwargs(
            vocab_size=len(tokenizer),
            d_model=32,
            d_kv=8,
            d_ff=64,
            num_layers=1,
            num_decoder_layers=1,
            num_heads=2,
            pad_token_id=tokenizer.pad_token_id,
            eos_token_id=tokenizer.eos_token_id,
            decoder_start_token_id=0,
            task_specific_params={
                "summarization": {
                    "prefix": "summarize: ",
                    "num_beams": 2,
                    "min_length": 10,
                    "max_length": 20,
                    "no_repeat_ngram_size": 3,
                    "early_stopping": True,
                    "length_penalty": 2.0,
                }
            },
        )
    )
    model = T5ForConditionalGeneration(config).eval()
    model.generation_config = GenerationConfig(
        decoder_start_token_id=0, eos_token_id=config.eos_token_id, pad_token_id=config.pad_token_id
    )
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder
