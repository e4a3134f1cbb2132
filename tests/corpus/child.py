"""The child the harness starts for one case: `python -c <this file's source> <spec JSON>`.

It sets the memory limit (RLIMIT_AS) on itself, imports socpass once, then runs each command in a
fork of itself, calling `socpass.cli.main(argv)` in-process with stdout and stderr redirected at
the file-descriptor level (so a Rust panic written straight to fd 2 is captured too). A fork per
command gives each command its own peak RSS (wait4), its own 120 s timeout (SIGKILL) and keeps a
crash in one command from hiding the others. One JSON line per command goes to stdout.

This file imports nothing from the corpus: it runs as a script, only the standard library and
socpass.
"""

import hashlib
import json
import os
import resource
import signal
import sys
import time

SPEC = json.loads(sys.argv[1])
LIMIT = SPEC["memory_limit"]
resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))

import socpass.cli  # noqa: E402  (after the limit: imports count against it too)
import socpass.files.register_edit  # noqa: E402, F401  (preloaded for every fork)
import socpass.render.report  # noqa: E402, F401

PARSER = socpass.cli.build_parser()  # imports every command module once
MARKERS = ("Traceback (most recent call last)", "panicked at", "stack backtrace:", "RUST_BACKTRACE")
KEEP = 4000  # characters of each stream kept from the start and from the end


def sha256(path):
    if not os.path.isfile(path):
        return None
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def listing(folder):
    found = []
    for root, dirs, files in os.walk(folder):
        found += [os.path.relpath(os.path.join(root, f), folder) for f in files + dirs]
    return sorted(found)


def scan(path):
    """(head + tail text, size, whether a traceback or panic marker occurs anywhere)."""
    size = os.path.getsize(path)
    marker = False
    with open(path, "rb") as handle:
        tail = b""
        while block := handle.read(1 << 20):
            text = (tail + block).decode("utf-8", "replace")
            marker = marker or any(m in text for m in MARKERS)
            tail = block[-200:]
        handle.seek(0)
        head = handle.read(KEEP * 4)
        handle.seek(max(0, size - KEEP * 4))
        end = handle.read()
    text = head.decode("utf-8", "replace")
    if size > KEEP * 8:
        text += f"\n[… {size} bytes …]\n" + end.decode("utf-8", "replace")
    return text, size, marker


def in_fork(job, timeout, out_path, err_path):
    """Run job() in a fork with fds 1/2 sent to files; (exit code, signal, rss KiB, s, timed out)."""
    sys.stdout.flush()
    sys.stderr.flush()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the fork: never returns
        code = 1
        try:
            os.setsid()
            out = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            err = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(out, 1)
            os.dup2(err, 2)
            code = job()
        except SystemExit as exc:  # argparse
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:  # what Python would print for an uncaught exception
            import traceback

            traceback.print_exc()
            code = 1
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code if isinstance(code, int) and 0 <= code < 256 else 1)
    timed_out = False
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() - start > timeout:
            timed_out = True
            os.killpg(pid, signal.SIGKILL)
            done, status, usage = os.wait4(pid, 0)
            break
        time.sleep(0.02)
    seconds = time.monotonic() - start
    sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
    return code, sig, usage.ru_maxrss, seconds, timed_out


def cli(argv):
    def job():
        return socpass.cli.main(argv)

    return job


def json_findings(argv, workdir):
    """validate --json's findings (at most 300), for checking codes and column letters."""
    out, err = os.path.join(workdir, "probe.out"), os.path.join(workdir, "probe.err")
    code, sig, _, _, timed_out = in_fork(cli([*argv, "--json"]), 60, out, err)
    if code not in (0, 1) or timed_out:
        return None
    try:
        with open(out, encoding="utf-8") as handle:
            return json.load(handle).get("findings", [])[:300]
    except ValueError:
        return None


def still_valid(path, workdir, keeps):
    """Whether a written register reads back (socpass' reader), and the kept cell's value."""
    result_path = os.path.join(workdir, "valid.json")

    def job():
        import python_calamine
        from socpass.files.workbook_file import read_register

        read_register(path)
        kept = None
        if keeps:
            book = python_calamine.CalamineWorkbook.from_path(path)
            rows = book.get_sheet_by_name(keeps[0]).to_python(skip_empty_area=False)
            column = "".join(ch for ch in keeps[1] if ch.isalpha())
            row = int("".join(ch for ch in keeps[1] if ch.isdigit()))
            index = 0
            for ch in column:
                index = index * 26 + ord(ch) - 64
            kept = str(rows[row - 1][index - 1])
        with open(result_path, "w", encoding="utf-8") as handle:
            json.dump({"kept": kept}, handle)
        return 0

    code, _, _, _, _ = in_fork(
        job, 60, os.path.join(workdir, "valid.out"), os.path.join(workdir, "valid.err")
    )
    if code != 0:
        return False, None
    with open(result_path, encoding="utf-8") as handle:
        return True, json.load(handle)["kept"]


def run(command):
    path, folder, workdir = command["path"], command["folder"], command["workdir"]
    before = {
        "sha": sha256(path),
        "link": os.path.islink(path),
        "mode": os.stat(path).st_mode & 0o777 if os.path.exists(path) else None,
        "listing": listing(folder),
    }
    out, err = os.path.join(workdir, "stdout"), os.path.join(workdir, "stderr")
    code, sig, rss, seconds, timed_out = in_fork(cli(command["argv"]), SPEC["timeout"], out, err)
    stdout, stdout_size, marker_out = scan(out)
    stderr, stderr_size, marker_err = scan(err)
    result = {
        "command": command["name"],
        "argv": command["argv"],
        "exit": code,
        "signal": sig,
        "timed_out": timed_out,
        "seconds": round(seconds, 2),
        "peak_rss_kib": rss,
        "stdout": stdout,
        "stderr": stderr,
        "stdout_bytes": stdout_size,
        "stderr_bytes": stderr_size,
        "traceback": marker_out or marker_err,
        "out_of_memory": code == 3 and "MemoryError" in stderr,
        "sha_before": before["sha"],
        "sha_after": sha256(path),
        "link_before": before["link"],
        "link_after": os.path.islink(path),
        "mode_before": before["mode"],
        "mode_after": os.stat(path).st_mode & 0o777 if os.path.exists(path) else None,
        "new_files": sorted(set(listing(folder)) - set(before["listing"])),
        "findings": None,
        "valid_after": None,
        "kept": None,
    }
    if command["probe"] and code in (0, 1) and seconds < 30:
        result["findings"] = json_findings(command["argv"], workdir)
    if command["writes"] and code == 0 and result["sha_after"] != result["sha_before"]:
        result["valid_after"], result["kept"] = still_valid(path, workdir, command.get("keeps"))
    return result


for command in SPEC["commands"]:
    result = run(command)
    print(json.dumps(result, ensure_ascii=False), flush=True)
    if SPEC["stop_early"] and (result["timed_out"] or result["signal"] or result["out_of_memory"]):
        break  # the harness reports the rest as not run
