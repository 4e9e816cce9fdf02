"""Where and how a model runs: device, dtype or compute type, threads."""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from summarizer.engines.protocol import ModelLoadError
from summarizer.records import Placement

if TYPE_CHECKING:
    from summarizer.config.engine import EngineConfig

__all__ = ["Placement", "choose_backend", "resolve_device", "resolve_placement", "torch_placement"]


# CTranslate2 batches run at once on CPU under --parallel-batches 0 (auto), when there are threads for them.
AUTO_PARALLEL_BATCHES = 2
# glibc mallopt() options (malloc.h).
M_TRIM_THRESHOLD, M_MMAP_MAX, M_ARENA_MAX = -1, -4, -8


# Device files of the GPUs torch can use on Linux (NVIDIA, AMD ROCm, WSL): with none of them, auto is the CPU.
GPU_DEVICE_FILES = ("/dev/nvidiactl", "/dev/nvidia0", "/proc/driver/nvidia", "/dev/kfd", "/dev/dxg")


def no_gpu_here() -> bool:
    """Whether this is Linux with no GPU device file: then torch sees no GPU either, and need not be imported."""
    return sys.platform.startswith("linux") and not any(Path(p).exists() for p in GPU_DEVICE_FILES)


def resolve_device(requested: str) -> str:
    """The torch device for ``auto|cpu|cuda|mps``; refuses a device this machine does not have."""
    if requested == "cpu" or (requested == "auto" and no_gpu_here()):
        return "cpu"  # without importing torch (seconds), which a CTranslate2 run never needs
    import torch

    if requested == "auto":
        if torch.cuda.is_available():
            return "cuda"
        if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
            return "mps"
        return "cpu"
    if requested == "cuda" and not torch.cuda.is_available():
        raise ModelLoadError("--device cuda: no CUDA device is available on this machine (try --device cpu)")
    if requested == "mps" and not (getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()):
        raise ModelLoadError("--device mps: the Apple MPS backend is not available here (try --device cpu)")
    return requested


def _cgroup_cpu_limit() -> int | None:
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
    except (OSError, ValueError):
        return None
    if quota == "max":
        return None
    return max(1, math.ceil(int(quota) / int(period)))


def sane_thread_count() -> int:
    """Threads for inference: ``OMP_NUM_THREADS`` if set, else the CPUs this process may actually use."""
    env = os.environ.get("OMP_NUM_THREADS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    limit = _cgroup_cpu_limit()
    return max(1, min(available, limit) if limit else available)


def model_threads(config: EngineConfig) -> int:
    """Threads for the model: ``threads`` from the config, else :func:`sane_thread_count`."""
    return config.threads or sane_thread_count()


def parallel_batches(config: EngineConfig, device: str, threads: int, articles: int | None = None) -> int:
    """How many batches CTranslate2 runs at once on CPU (each on ``threads // n`` threads; 1 on a GPU).

    Auto: two when there are two threads or more, and more than one article (when known; one article is one batch,
    which then gets every thread). Two batches on one thread each keep both cores busy with whole matrix products,
    where one batch on two threads meets at a barrier after every operation: less CPU for the same work, and far less
    waiting when other processes take turns on the cores (benchmarks/throughput.py)."""
    if device != "cpu":
        return 1
    wanted = config.parallel_batches or (1 if articles == 1 else AUTO_PARALLEL_BATCHES)
    return max(1, min(wanted, threads))


def keep_freed_memory() -> bool:
    """Ask glibc to keep freed memory for reuse (one arena, no mmap per large block, no trimming); True if done.

    CTranslate2 allocates and frees buffers of tens of MB for every layer; glibc maps each one afresh, faults its
    pages in zeroed and unmaps it on free, which took a quarter of the encoder's CPU time (perf, 2-core Linux).
    The process then keeps its peak memory until it exits. Only on glibc, where ``mallopt`` has these settings."""
    import ctypes
    import platform

    if platform.libc_ver()[0] != "glibc":
        return False
    mallopt = ctypes.CDLL(None).mallopt
    settings = ((M_ARENA_MAX, 1), (M_MMAP_MAX, 0), (M_TRIM_THRESHOLD, 2**31 - 1))
    return all(mallopt(option, value) == 1 for option, value in settings)


def cpu_has_fast_bf16() -> bool:
    """Whether this CPU multiplies bf16 natively (AMX tiles or AVX512-BF16): there bf16 beats fp32
    (1.6x measured with AVX512-BF16 alone, benchmarks/throughput.py)."""
    import torch

    checks = [getattr(torch.cpu, name, None) for name in ("_is_amx_tile_supported", "_is_avx512_bf16_supported")]
    return any(check is not None and check() for check in checks)


def resolve_dtype(requested: str, device: str) -> str:
    """``fp32``, ``bf16`` or ``fp16`` for ``--dtype auto|fp32|bf16|fp16`` on this device."""
    import torch

    if device == "cuda":
        if requested == "auto":
            return "bf16" if torch.cuda.is_bf16_supported() else "fp16"
        return requested
    if requested == "fp16" and device == "cpu":
        raise ValueError("--dtype fp16 is for GPUs; on CPU use --dtype bf16 or fp32")
    if requested == "auto":
        return "bf16" if device == "cpu" and cpu_has_fast_bf16() else "fp32"
    return requested


def resolve_compute_type(requested: str, device: str) -> str:
    """The CTranslate2 compute type for ``--compute-type`` (``auto``: int8 on CPU, float16 on GPU)."""
    import ctranslate2

    supported = ctranslate2.get_supported_compute_types(device)
    if requested == "auto":
        preferred = ("int8",) if device == "cpu" else ("float16", "int8_float16")
        return next((c for c in preferred if c in supported), "float32")
    if requested not in supported:
        raise ModelLoadError(
            f"--compute-type {requested}: not supported by CTranslate2 on this {device} "
            f"(supported here: {', '.join(sorted(supported))})"
        )
    return requested


def choose_backend(requested: str, model_type: str | None, device: str) -> tuple[str, str | None]:
    """The backend for ``--backend auto|torch|ctranslate2`` and, when ``auto`` chose torch, why.

    ``model_type`` is ``None`` while the model is not on disk: the download is checked again before conversion."""
    from summarizer.engines.backends.ctranslate2 import BackendUnavailable, check_supported

    if requested == "torch":
        return "torch", None
    try:
        check_supported(model_type, device)
    except BackendUnavailable as exc:
        if requested == "ctranslate2":
            raise
        return "torch", auto_chose_torch(exc)
    return "ctranslate2", None


def auto_chose_torch(reason: Exception) -> str:
    """The note recorded when ``--backend auto`` runs torch because CTranslate2 cannot."""
    return f"--backend auto chose torch: {reason}"


def torch_placement(config: EngineConfig, device: str, note: str | None = None) -> Placement:
    """Torch on ``device`` in the dtype ``--dtype`` resolves to."""
    import torch

    from summarizer.engines.backends.batching import TOKENS_PER_BATCH_SLOT

    try:
        dtype = resolve_dtype(config.dtype, device)
    except ValueError as exc:
        raise ModelLoadError(str(exc)) from None
    return Placement(
        device,
        "torch",
        config.batch_size,
        dtype=dtype,
        threads=model_threads(config) if device == "cpu" else torch.get_num_threads(),
        token_budget=config.batch_size * TOKENS_PER_BATCH_SLOT,
        note=note,
    )


def resolve_placement(
    config: EngineConfig, model_type: str | None, device: str, articles: int | None = None
) -> Placement:
    """Backend, dtype or compute type, threads and batch budget for ``device``, each decided here once
    (``articles``: how many the run will send, when known)."""
    from summarizer.engines.backends.batching import TOKENS_PER_BATCH_SLOT

    backend, note = choose_backend(config.backend, model_type, device)
    if backend == "torch":
        return torch_placement(config, device, note)
    threads = model_threads(config)
    return Placement(
        device,
        "ctranslate2",
        config.batch_size,
        compute_type=resolve_compute_type(config.compute_type, device),
        threads=threads,
        token_budget=config.batch_size * TOKENS_PER_BATCH_SLOT,
        parallel_batches=parallel_batches(config, device, threads, articles),
    )
