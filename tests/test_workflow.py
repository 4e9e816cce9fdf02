"""The GitHub Actions example: a real workflow, and its `briefing` step run locally with bash (tiny model)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / "examples" / "github-actions" / "daily-briefing.yml"


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_schedule_dispatch_caches_artifact_pages_and_step_summary(workflow: dict[Any, Any]) -> None:
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert re.fullmatch(r"[\d*/,-]+( [\d*/,-]+){4}", triggers["schedule"][0]["cron"])
    assert "workflow_dispatch" in triggers
    uses = [step.get("uses", "") for step in steps(workflow)]
    cached = [step["with"]["path"] for step in steps(workflow) if step.get("uses", "").startswith("actions/cache@")]
    assert cached == [".cache/huggingface", ".cache/summaries"]  # only what can be rebuilt; the archive is a branch
    assert workflow["env"]["HF_HOME"].endswith(".cache/huggingface")
    for action in ("actions/upload-artifact@", "actions/upload-pages-artifact@", "actions/deploy-pages@"):
        assert any(u.startswith(action) for u in uses), action
    pages = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert pages["with"]["path"] == "public/"  # the site without its state files
    assert workflow["permissions"] == {"contents": "write", "pages": "write", "id-token": "write"}
    assert workflow["jobs"]["publish"]["if"] == "needs.briefing.outputs.new == 'true'"
    assert '--step-summary "$GITHUB_STEP_SUMMARY"' in build_step(workflow)["run"]


def build_step(workflow: dict[Any, Any]) -> dict[str, Any]:
    return next(step for step in steps(workflow) if "briefing daily" in step.get("run", ""))


def run_step(script: str, workspace: Path, env: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], str]:
    """Run a `run:` block as GitHub does (bash -e), returning the process and what it wrote to $GITHUB_OUTPUT."""
    output = workspace / "github-output.txt"
    output.write_text("")
    full_env = {**os.environ, **env, "GITHUB_OUTPUT": str(output)}
    full_env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{full_env['PATH']}"
    process = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", script],
        cwd=workspace,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return process, output.read_text()


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is needed to run the workflow's shell steps")
def test_the_briefing_step_runs_locally_then_finds_nothing_new(
    workflow: dict[Any, Any], tiny_bart: Path, tmp_path: Path
) -> None:
    # The repository's example config and sources, with the tiny local model instead of the hub model.
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    config = tmp_path / "examples" / "briefing.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('model = "sshleifer/distilbart-cnn-12-6"', f'model = "{tiny_bart}"'), "utf-8")
    summary = tmp_path / "step-summary.md"
    env = {key: value for key, value in workflow["env"].items() if "${{" not in str(value)}
    env |= {
        "SUMMARY_CACHE": str(tmp_path / ".cache" / "summaries"),
        "HF_HUB_OFFLINE": "1",
        "GITHUB_STEP_SUMMARY": str(summary),
        "SINCE": "",
    }
    step = build_step(workflow)

    first, outputs = run_step(step["run"], tmp_path, env)
    assert first.returncode == 0, first.stderr
    assert "new=true" in outputs
    site = tmp_path / env["SITE_DIR"]
    assert (site / "index.html").is_file() and (site / ".briefing-state.json").is_file()
    assert len(list(site.glob("*.html"))) == 2  # the day's page and the index
    assert "### Morning briefing" in summary.read_text(encoding="utf-8")
    prepare = next(s for s in steps(workflow) if s.get("name") == "Prepare the Pages artifact")
    assert run_step(prepare["run"], tmp_path, env)[0].returncode == 0
    public = sorted(p.relative_to(tmp_path / "public").as_posix() for p in (tmp_path / "public").rglob("*"))
    assert "index.html" in public and "email" in public
    assert not any(part.startswith(".") for p in public for part in p.split("/"))

    second, outputs = run_step(step["run"], tmp_path, env)
    assert second.returncode == 0, second.stderr
    assert "new=false" in outputs and "Nothing new: nothing to publish." in second.stdout
    assert "Nothing new since the last run" in summary.read_text(encoding="utf-8")

    # A manual dispatch with a window passes it on; with it empty (the schedule), --since is left out.
    assert '${SINCE:+--since "$SINCE"}' in step["run"]
    assert step["env"]["SINCE"] == "${{ github.event.inputs.since }}"


def test_the_install_step_takes_the_cpu_build_of_torch(workflow: dict[Any, Any]) -> None:
    """PyPI's Linux torch==2.13.0 is the multi-GB CUDA build: the GPU-less runner must ask the CPU wheel index."""
    install = next(step["run"] for step in steps(workflow) if step.get("name") == "Install")
    torch_lines = [line for line in install.splitlines() if "torch" in line and not line.strip().startswith("#")]
    assert torch_lines and all("--index-url https://download.pytorch.org/whl/cpu" in line for line in torch_lines)


def test_cache_keys_name_what_they_hold(workflow: dict[Any, Any]) -> None:
    keys = {
        s["with"]["path"]: s["with"]["key"] for s in steps(workflow) if s.get("uses", "").startswith("actions/cache@")
    }
    assert keys[".cache/huggingface"] == "hf-${{ runner.os }}-${{ steps.model.outputs.key }}"
    assert keys[".cache/summaries"].startswith("summaries-${{ steps.model.outputs.key }}-")
    assert "hashFiles" not in WORKFLOW.read_text(encoding="utf-8")


def named(workflow: dict[Any, Any], prefix: str) -> str:
    return str(next(s for s in steps(workflow) if s.get("name", "").startswith(prefix))["run"])


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, timeout=60).stdout


@pytest.mark.skipif(shutil.which("git") is None or shutil.which("bash") is None, reason="needs git and bash")
def test_a_runner_with_empty_caches_restores_the_archive_branch_and_remembers(
    workflow: dict[Any, Any], tiny_bart: Path, tmp_path: Path
) -> None:
    origin = tmp_path / "origin.git"
    git("init", "--quiet", "--bare", str(origin), cwd=tmp_path)
    first = tmp_path / "runner-1"
    shutil.copytree(ROOT / "examples", first / "examples")
    config = first / "examples" / "briefing.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('model = "sshleifer/distilbart-cnn-12-6"', f'model = "{tiny_bart}"'), "utf-8")
    identity = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    identity |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    git("init", "--quiet", "-b", "main", cwd=first)
    git("add", "-A", cwd=first)
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "--quiet", "-m", "repo", cwd=first)
    git("remote", "add", "origin", str(origin), cwd=first)
    git("push", "--quiet", "origin", "main", cwd=first)

    def env_for(runner: Path) -> dict[str, str]:
        env = {key: value for key, value in workflow["env"].items() if "${{" not in str(value)}
        return (
            env
            | identity
            | {
                "SUMMARY_CACHE": str(runner / ".cache" / "summaries"),
                "HF_HUB_OFFLINE": "1",
                "GITHUB_STEP_SUMMARY": str(runner / "step-summary.md"),
                "SINCE": "",
            }
        )

    def run_named(runner: Path, prefix: str) -> tuple[subprocess.CompletedProcess[str], str]:
        process, outputs = run_step(named(workflow, prefix), runner, env_for(runner))
        assert process.returncode == 0, (prefix, process.stdout, process.stderr)
        return process, outputs

    key = run_named(first, "Which model")[1]
    assert re.fullmatch(r"key=auto-[A-Za-z0-9._-]+-bart-auto\n", key), key  # engine, model (the tiny one), backend
    assert "No briefing-archive branch yet" in run_named(first, "Restore earlier")[0].stdout
    assert "new=true" in run_named(first, "Build the briefing")[1]
    run_named(first, "Save the archive")
    archived = git("ls-tree", "-r", "--name-only", "briefing-archive", cwd=origin).split()
    assert ".briefing-state.json" in archived and "index.html" in archived and "feed.xml" in archived
    assert not any(name.startswith("examples/") for name in archived)  # only the site, not the repository

    # A new runner: a fresh clone, no caches, no site folder; the archive branch brings the memory back.
    second = tmp_path / "runner-2"
    git("clone", "--quiet", "--branch", "main", str(origin), str(second), cwd=tmp_path)
    assert not (second / "site").exists() and not (second / ".cache").exists()
    assert "Restored the archive" in run_named(second, "Restore earlier")[0].stdout
    process, outputs = run_named(second, "Build the briefing")
    assert "new=false" in outputs and "Nothing new: nothing to publish." in process.stdout
    notes = second / "examples" / "sources" / "notes"
    (notes / "late.md").write_text("# Late news\n\nA ferry ran aground near the harbour on Tuesday morning.\n")
    assert "new=true" in run_named(second, "Build the briefing")[1]
    run_named(second, "Save the archive")
    run_named(second, "Prepare the Pages artifact")
    public = sorted(p.relative_to(second / "public").as_posix() for p in (second / "public").rglob("*"))
    assert "index.html" in public and "feed.xml" in public
    assert not any(part.startswith(".") for p in public for part in p.split("/"))  # no state, no worktree .git
    log = git("log", "--format=%s", "briefing-archive", cwd=origin).splitlines()
    assert len(log) == 2  # one commit per run that changed the archive
