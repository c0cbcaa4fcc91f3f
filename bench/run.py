#!/usr/bin/env python3
"""Reproducible benchmarks of the builder (issue 4). Not a test: it measures, and the machine may be noisy.

    .venv/bin/python bench/run.py                  # everything (about 25 minutes on 2 cores)
    .venv/bin/python bench/run.py --quick          # fewer runs and schools, for a first look

Prints a Markdown table of every figure against its target and writes bench/results.json.
Each figure is the median of several runs; compared figures are measured side by side in one run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLKIT = [sys.executable, "-m", "builder.cli"]
sys.path.insert(0, str(ROOT))


def run(command: list[str], **kwargs) -> float:
    """Wall time of one command, which must succeed."""
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
    return time.perf_counter() - started


def median(values: list[float]) -> float:
    return statistics.median(values)


def copy_project(target: Path) -> Path:
    for name in ("sites", "templates", "locales"):
        shutil.copytree(ROOT / name, target / name)
    return target


# -- naive pipeline inputs: the same HTML the builder lays out, and the same mkdocs projects -----------------


def prepare_naive(work: Path) -> tuple[list[Path], list[Path]]:
    """Write every print page as an HTML file and keep a copy of every mkdocs project of one build."""
    import builder.site as site
    from builder.i18n import load_translations
    from builder.kinds import DOCUMENT_KINDS
    from builder.pipeline import Project, build
    from builder.printing import print_html
    from builder.profile import load_profiles
    from builder.render import Renderer

    project = Project(ROOT)
    pages = []
    for community in load_profiles(None, project.sites_dir):
        for lang in community.profile.languages:
            renderer = Renderer(community, lang, project.templates_dir, load_translations(project.locales_dir, lang))
            for kind in DOCUMENT_KINDS.values():
                path = work / "html" / f"{community.slug}-{kind.name}-{lang}.html"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(print_html(renderer, kind, project.templates_dir)[1], encoding="utf-8")
                pages.append(path)

    configs = []
    original = site.mkdocs_build

    def keep_a_copy(config):
        # A self-contained mkdocs project, as a naive pipeline would write it: each page's HTML in its
        # Markdown file, and the theme's values in mkdocs.yml.
        import yaml

        source = Path(config.config_file_path).parent
        target = work / "sites" / str(len(configs))
        shutil.copytree(source, target)
        for name, html in config.plugins["toolkit-fragments"].html.items():
            page = target / "docs" / name
            page.write_text(page.read_text().replace(site.PLACEHOLDER, html), encoding="utf-8")
        settings = yaml.safe_load((target / "mkdocs.yml").read_text())
        settings.update(
            docs_dir=str(target / "docs"), site_dir=str(target / "site"), extra={"toolkit": dict(config.extra["toolkit"])}
        )
        (target / "mkdocs.yml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
        configs.append(target / "mkdocs.yml")
        return original(config)

    site.mkdocs_build = keep_a_copy
    try:
        build(Project(ROOT, output_dir=work / "output"), jobs=1, force=True)
    finally:
        site.mkdocs_build = original
    return pages, configs


def naive_build(pages: list[Path], configs: list[Path], out: Path) -> float:
    """One `weasyprint` process per PDF, then one `mkdocs build` per site, one after another."""
    bin_dir = Path(sys.executable).parent
    started = time.perf_counter()
    for page in pages:
        subprocess.run([str(bin_dir / "weasyprint"), str(page), str(out / (page.stem + ".pdf"))], check=True, capture_output=True)
    for config in configs:
        subprocess.run([str(bin_dir / "mkdocs"), "build", "-q", "-f", str(config)], check=True, capture_output=True)
    return time.perf_counter() - started


def cold_build(project: Path, out: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)  # output and its cache: nothing to reuse
    return run([*TOOLKIT, "--project", str(project), "--output", str(out), "build"], cwd=ROOT)


# -- per-PDF cost: the builder's PDF stage vs WeasyPrint's own render of the same HTML ------------------------


def per_pdf(pages: list[Path], rounds: int) -> dict:
    import weasyprint

    from builder.pdf import PdfRenderer

    renderer = PdfRenderer()
    templates = ROOT / "templates"
    sources = [(page.read_text(encoding="utf-8"), page) for page in pages]
    builder_times, weasy_times = [], []
    for html, page in sources:  # warm both paths (fonts, caches) before measuring
        renderer.render(html, templates.as_uri() + "/", [templates, ROOT / "sites"], None)
        weasyprint.HTML(string=html, base_url=page.as_uri()).write_pdf()
    for _ in range(rounds):
        started = time.perf_counter()
        for html, _page in sources:
            renderer.render(html, templates.as_uri() + "/", [templates, ROOT / "sites"], None)
        builder_times.append((time.perf_counter() - started) / len(sources))
        started = time.perf_counter()
        for html, page in sources:
            weasyprint.HTML(string=html, base_url=page.as_uri()).write_pdf()
        weasy_times.append((time.perf_counter() - started) / len(sources))
    return {"builder_s": median(builder_times), "weasyprint_s": median(weasy_times), "documents": len(sources)}


# -- rebuilds ---------------------------------------------------------------------------------------------------


def rebuilds(project: Path, out: Path, runs: int) -> dict:
    command = [*TOOLKIT, "--project", str(project), "--output", str(out), "build"]
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    no_op = [run(command, cwd=ROOT) for _ in range(runs)]
    profile = project / "sites" / "oakland" / "profile.yaml"
    original = profile.read_text()
    times, summary = [], ""
    for i in range(runs):  # each run changes one resource's phone number from what the last run built
        phone = "2-1-1" if i % 2 == 0 else "211"
        profile.write_text(original.replace('phone: "211"', f'phone: "{phone}"'))
        started = time.perf_counter()
        completed = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
        times.append(time.perf_counter() - started)
        summary = completed.stdout.strip().splitlines()[-1]
    profile.write_text(original)
    return {"no_op_s": median(no_op), "edit_s": median(times), "edit_summary": summary}


# -- scale: a state of N schools, each a profile extending one base ---------------------------------------------


def make_state(target: Path, schools: int) -> Path:
    project = target
    for name in ("templates", "locales"):
        shutil.copytree(ROOT / name, project / name)
    base = project / "sites" / "state-base"
    shutil.copytree(ROOT / "sites" / "connecticut", base)
    for i in range(1, schools + 1):
        folder = project / "sites" / f"school-{i:04d}"
        folder.mkdir(parents=True)
        (folder / "profile.yaml").write_text(
            "extends: state-base\n"
            "organisation:\n"
            f"  name: Example School {i}\n"
            f"  short_name: School {i}\n"
            "  level: district\n"
            "leader:\n"
            f"  name: Principal {i}\n"
            "  title: {en: Principal, es: Director}\n"
            "  example: true\n"
            "contacts:\n"
            "  attendance:\n"
            f"    phone: (860) 555-{100 + i % 100:04d}\n"
            "languages: [en, es]\n"
        )
    return project


class RssSampler(threading.Thread):
    """Peak of the summed resident memory of a process and all its descendants, read from /proc."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_kib, self.running = pid, 0, True

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as stat:
                        ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
                    children.setdefault(ppid, []).append(int(entry))
                except (OSError, ValueError, IndexError):
                    continue
        found, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo.extend(children.get(pid, []))
        return found

    def run(self):
        while self.running:
            total = 0
            for pid in self._tree():
                try:
                    with open(f"/proc/{pid}/status") as status:
                        for line in status:
                            if line.startswith("VmRSS:"):
                                total += int(line.split()[1])
                except OSError:
                    continue
            self.peak_kib = max(self.peak_kib, total)
            time.sleep(0.2)


def scale(schools: int, work: Path, jobs: int) -> dict:
    project = make_state(work / f"state-{schools}", schools)
    out = project / "output"
    command = [*TOOLKIT, "--project", str(project), "--output", str(out), "build", "--kinds", "handout,letter", "-j", str(jobs)]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sampler = RssSampler(process.pid)
    sampler.start()
    process.wait()
    elapsed = time.perf_counter() - started
    sampler.running = False
    sampler.join()
    if process.returncode:
        raise SystemExit(f"scale build of {schools} schools failed ({process.returncode})")
    pdfs = sum(1 for p in out.rglob("*.pdf") if ".cache" not in p.parts)
    shutil.rmtree(project)
    return {
        "schools": schools,
        "pdfs": pdfs,
        "seconds": elapsed,
        "pdfs_per_s_per_core": pdfs / elapsed / jobs,
        "peak_rss_mib": sampler.peak_kib / 1024,
    }


def machine() -> dict:
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    from importlib.metadata import version

    harfbuzz = subprocess.run(
        ["sh", "-c", "ldconfig -p | grep -c libharfbuzz-subset"], capture_output=True, text=True
    ).stdout.strip()
    return {
        "cpu": model,
        "cores": len(os.sched_getaffinity(0)),
        "python": platform.python_version(),
        "weasyprint": version("weasyprint"),
        "mkdocs": version("mkdocs"),
        "harfbuzz_subset": harfbuzz != "0",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--schools", default=None, help="comma-separated state sizes, e.g. 100,300,1000")
    args = parser.parse_args()
    runs = args.runs or (2 if args.quick else 5)
    sizes = [int(n) for n in (args.schools or ("50,100" if args.quick else "100,300,1000")).split(",")]
    results: dict = {"machine": machine(), "runs": runs}
    print(json.dumps(results["machine"]), flush=True)
    with tempfile.TemporaryDirectory(prefix="toolkit-bench-") as tmp:
        work = Path(tmp)
        pages, configs = prepare_naive(work / "naive")
        project = copy_project(work / "project")
        cold, naive = [], []
        for i in range(min(runs, 3)):  # side by side: builder, then naive, in each round
            cold.append(cold_build(project, work / "cold"))
            out = work / "naive-out"
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            naive.append(naive_build(pages, configs, out))
            print(f"round {i + 1}: builder {cold[-1]:.2f} s, naive {naive[-1]:.2f} s", flush=True)
        results["cold"] = {"builder_s": median(cold), "naive_s": median(naive), "pdfs": len(pages), "sites": len(configs)}
        results["per_pdf"] = per_pdf(pages, runs)
        print(f"per pdf: {results['per_pdf']}", flush=True)
        results["rebuild"] = rebuilds(project, work / "warm", runs)
        print(f"rebuilds: {results['rebuild']}", flush=True)
        results["scale"] = []
        for schools in sizes:
            results["scale"].append(scale(schools, work, results["machine"]["cores"]))
            print(f"scale: {results['scale'][-1]}", flush=True)
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(report(results))


def report(r: dict) -> str:
    cold, pdf, rebuild = r["cold"], r["per_pdf"], r["rebuild"]
    largest = r["scale"][-1]
    rows = [
        (
            "cold build, 3 communities",
            f"{cold['builder_s']:.2f} s vs naive {cold['naive_s']:.2f} s: {cold['naive_s'] / cold['builder_s']:.1f}x faster",
            ">= 10x faster",
        ),
        (
            "per-PDF cost",
            f"{pdf['builder_s'] * 1000:.0f} ms vs WeasyPrint {pdf['weasyprint_s'] * 1000:.0f} ms: {pdf['builder_s'] / pdf['weasyprint_s']:.2f}x",
            "<= 1.2x",
        ),
        ("no-op rebuild", f"{rebuild['no_op_s']:.2f} s = {100 * rebuild['no_op_s'] / cold['builder_s']:.1f}% of cold", "< 5%"),
        (
            "one resource edited",
            f"{rebuild['edit_s']:.2f} s = {100 * rebuild['edit_s'] / cold['builder_s']:.1f}% of cold; {rebuild['edit_summary']}",
            "only what shows it",
        ),
        (
            f"{largest['schools']} schools, {largest['pdfs']} PDFs",
            f"{largest['pdfs_per_s_per_core']:.1f} PDFs/s/core, peak RSS {largest['peak_rss_mib']:.0f} MiB",
            ">= 10 PDFs/s/core, < 1 GiB",
        ),
    ]
    first = r["scale"][0]
    growth = (largest["seconds"] / first["seconds"]) / (largest["schools"] / first["schools"])
    rows.append(
        (
            "time vs schools",
            ", ".join(f"{s['schools']}: {s['seconds']:.0f} s" for s in r["scale"]) + f" (growth/linear = {growth:.2f})",
            "linear (1.0)",
        )
    )
    lines = ["| figure | measured | target |", "| --- | --- | --- |"] + [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
