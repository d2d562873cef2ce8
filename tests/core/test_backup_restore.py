"""bin/backup and bin/restore on bare metal: a PostgreSQL database and a private files folder go
out and come back identical (into another database and folder, and over a changed copy).

Uses its own throwaway databases (iro_ops_backup_*) on the PostgreSQL server of DATABASE_URL or
127.0.0.1:5432; skipped where pg_dump or the server is missing, except in CI.
"""

import os
import shutil
import subprocess
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
ROW = "Anna Schneider — Charité, lettre d'acceptation ✓"
INSERT_ROW = "INSERT INTO letter (student, pdf) VALUES ($r$Anna Schneider — Charité, lettre d'acceptation ✓$r$, 'letters/a.pdf')"


def _server_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    return urlsplit(url)


def _db_url(name):
    return urlunsplit(_server_url()._replace(path=f"/{name}"))


def _psql(dbname, sql):
    return subprocess.run(
        ["psql", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "-tAc", sql, _db_url(dbname)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()


def _require_postgres():
    def unavailable(reason):
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)

    for tool in ("pg_dump", "pg_restore", "psql"):
        if shutil.which(tool) is None:
            unavailable(f"{tool} is not installed")
    try:
        _psql("postgres", "SELECT 1")
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        unavailable(f"PostgreSQL does not answer: {exc}")


@pytest.fixture
def databases():
    _require_postgres()
    # Names of this run's own (two runs on one server never drop each other's databases).
    names = [f"iro_ops_backup_{os.getpid()}_{part}" for part in ("src", "dst")]
    for name in names:
        _psql("postgres", f"DROP DATABASE IF EXISTS {name}")
        _psql("postgres", f"CREATE DATABASE {name}")
    yield names
    for name in names:
        _psql("postgres", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _run(script, *args, database, media):
    env = {**os.environ, "DATABASE_URL": _db_url(database), "PRIVATE_MEDIA_ROOT": str(media)}
    result = subprocess.run(
        [str(ROOT / "bin" / script), *args], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def _tree(folder):
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(Path(folder).rglob("*")) if p.is_file()
    }


def test_backup_then_restore_into_another_database_and_folder(databases, tmp_path):
    src, dst = databases
    _psql(src, "CREATE TABLE letter (id serial PRIMARY KEY, student text NOT NULL, pdf text)")
    _psql(src, INSERT_ROW)
    media = tmp_path / "private"
    (media / "letters").mkdir(parents=True)
    (media / "letters" / "a.pdf").write_bytes(b"%PDF-1.7\n" + uuid.uuid4().bytes + b"\n%%EOF\n")
    (media / "cv.pdf").write_bytes(b"%PDF-1.4 cv")

    backup = tmp_path / "backup"
    _run("backup", str(backup), database=src, media=media)
    assert sorted(p.name for p in backup.iterdir()) == ["SHA256SUMS", "database.dump", "private-files.tar.gz"]
    assert backup.joinpath("database.dump").stat().st_mode & 0o077 == 0  # personal data: owner only

    _psql(src, "UPDATE letter SET student = 'changed after the backup'")
    restored = tmp_path / "restored"
    _run("restore", str(backup), database=dst, media=restored)
    assert _psql(dst, "SELECT id, student, pdf FROM letter") == f"1|{ROW}|letters/a.pdf"
    assert _psql(dst, "SELECT nextval('letter_id_seq')") == "2"
    assert _tree(restored) == _tree(media)

    # Restoring again over a copy that changed since gives back the backup's state.
    _psql(dst, "UPDATE letter SET student = 'edited'; INSERT INTO letter (student) VALUES ('extra')")
    _run("restore", str(backup), database=dst, media=restored)
    assert _psql(dst, "SELECT count(*), min(student) FROM letter") == f"1|{ROW}"


def test_a_corrupted_backup_is_not_restored(databases, tmp_path):
    src, dst = databases
    _psql(src, "CREATE TABLE t (x int)")
    media = tmp_path / "private"
    media.mkdir()
    backup = tmp_path / "backup"
    _run("backup", str(backup), database=src, media=media)
    with backup.joinpath("database.dump").open("ab") as f:
        f.write(b"garbage")
    env = {**os.environ, "DATABASE_URL": _db_url(dst), "PRIVATE_MEDIA_ROOT": str(tmp_path / "out")}
    result = subprocess.run(
        [str(ROOT / "bin" / "restore"), str(backup)], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "FAILED" in result.stdout + result.stderr
    assert _psql(dst, "SELECT count(*) FROM pg_tables WHERE tablename = 't'") == "0"


def test_backup_refuses_a_database_it_cannot_dump(tmp_path):
    env = {**os.environ, "DATABASE_URL": "sqlite:///db.sqlite3", "PRIVATE_MEDIA_ROOT": str(tmp_path)}
    result = subprocess.run(
        [str(ROOT / "bin" / "backup"), str(tmp_path / "b")], env=env, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "must be a postgres:// URL" in result.stderr


def test_compose_mode_runs_the_tools_inside_the_services(tmp_path):
    """Docker does not run here: a stand-in for `docker compose` records what the scripts ask of it."""
    calls = tmp_path / "calls"
    fake = tmp_path / "compose"
    fake.write_text(
        "#!/usr/bin/env bash\n"
        f'echo "$@" >> {calls}\n'
        'case "$*" in *pg_dump*) printf PGDMP-archive ;; *"-czf -"*) tar -C / -czf - etc/hostname ;; esac\n'
        "cat > /dev/null\n"
    )
    fake.chmod(0o755)
    env = {**os.environ, "COMPOSE": str(fake)}
    backup = tmp_path / "backup"
    for args in (["backup", "--compose", str(backup)], ["restore", "--compose", str(backup)]):
        result = subprocess.run(
            [str(ROOT / "bin" / args[0]), *args[1:]],
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stdout + result.stderr
    assert calls.read_text().splitlines() == [
        "exec -T postgres pg_dump --username=iro --dbname=iro --format=custom",
        "run --rm --no-deps -T web tar -C /app/var/private -czf - .",
        "exec -T postgres pg_restore --username=iro --dbname=iro --clean --if-exists --no-owner "
        "--no-privileges --single-transaction --exit-on-error",
        "run --rm --no-deps -T web tar -C /app/var/private -xzf -",
    ]
