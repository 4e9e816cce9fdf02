"""Effective generation settings: model config < summarization params < user flags."""

from __future__ import annotations

import pytest

from summarizer.config import ConfigError
from summarizer.config.engine import GenerationOverrides
from summarizer.engines.generation import resolve_settings

BART_CNN_PARAMS = {
    "early_stopping": True,
    "length_penalty": 2.0,
    "max_length": 142,
    "min_length": 56,
    "no_repeat_ngram_size": 3,
    "num_beams": 4,
}


@pytest.mark.parametrize(
    ("generation_config", "task_params", "overrides", "expected"),
    [
        ({"num_beams": 1, "max_length": 20}, None, GenerationOverrides(), {"num_beams": 1, "max_length": 20}),
        (
            {"num_beams": 1, "max_length": 20},
            BART_CNN_PARAMS,
            GenerationOverrides(),
            {"num_beams": 4, "max_length": 142, "min_length": 56, "length_penalty": 2.0, "no_repeat_ngram_size": 3},
        ),
        (
            {"num_beams": 1},
            BART_CNN_PARAMS,
            GenerationOverrides(num_beams=2, max_length=80),
            {"num_beams": 2, "max_length": 80, "min_length": 56},
        ),
        # a user max below the model's min lowers the min with it: the user's flag wins
        ({}, BART_CNN_PARAMS, GenerationOverrides(max_length=30), {"max_length": 30, "min_length": 30}),
        # a user min above the model's max raises the max
        ({}, BART_CNN_PARAMS, GenerationOverrides(min_length=200), {"max_length": 200, "min_length": 200}),
        ({}, {"prefix": "summarize: ", "num_beams": 4}, GenerationOverrides(), {"prefix": "summarize: "}),
        ({"num_beams": None, "unrelated_key": 7}, None, GenerationOverrides(), {"num_beams": 1}),
    ],
)
def test_precedence(generation_config, task_params, overrides, expected):
    settings = resolve_settings(generation_config, task_params, overrides).to_dict()
    for key, value in expected.items():
        assert settings[key] == value, key


def test_unknown_keys_are_not_passed_through():
    settings = resolve_settings({"temperature": 0.3, "do_sample": True}, {"foo": 1}, GenerationOverrides())
    assert set(settings.to_dict()) == {
        "num_beams",
        "length_penalty",
        "min_length",
        "max_length",
        "no_repeat_ngram_size",
        "early_stopping",
        "prefix",
    }


@pytest.mark.parametrize(
    "kwargs",
    [{"num_beams": 0}, {"max_length": 0}, {"min_length": -1}, {"min_length": 50, "max_length": 10}],
)
def test_bad_overrides_are_config_errors(kwargs):
    with pytest.raises(ConfigError):
        GenerationOverrides(**kwargs)
