"""Loading and validating configuration once, at start-up.

Every file a user edits (``config/*.yaml``, ``seeds/*.yaml``) is parsed here
into typed settings.  A mistake is reported as one :class:`ConfigError` that
names the file, the line, the key and what is wrong, so that a crawl never
starts half-configured and a user never has to read a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, Field, ValidationError

from crawler import paths

M = TypeVar("M", bound=BaseModel)


class ConfigError(Exception):
    """A configuration file is missing, unreadable or invalid."""

    def __init__(self, path: Path | str, message: str, *, key: str | None = None,
                 line: int | None = None):
        self.path, self.key, self.line = Path(path), key, line
        where = f"{_display(self.path)}" + (f" line {line}" if line else "")
        super().__init__(f"{where}: {key + ': ' if key else ''}{message}")


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """Parse a YAML file; returns the data and its node tree (for line numbers)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, f"cannot read: {exc}") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise ConfigError(path, f"invalid YAML: {exc.problem}",
                          line=mark.line + 1 if mark else None) from None
    return data, node


def _line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """Line of the deepest YAML node on a validation error's path."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def load_model(path: Path, model: type[M], *, data: Any = None) -> M:
    """Validate a YAML file against a pydantic model, with file/line/key errors."""
    node = None
    if data is None:
        data, node = read_yaml(path)
    if data is None:
        data = {}
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [_problem(path, node, err) for err in exc.errors()]
        first = problems[0]
        if len(problems) > 1:  # report every mistake at once, one per line
            first.args = ("\n".join(str(p) for p in problems),)
        raise first from None


def _problem(path: Path, node: yaml.Node | None, err: dict) -> ConfigError:
    loc = tuple(err["loc"])
    message = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        message = "unknown key (a typo?)"
    elif "input" in err and not isinstance(err["input"], (dict, list)):
        message += f" (got {err['input']!r})"
    return ConfigError(path, message, key=".".join(str(p) for p in loc) or None,
                       line=_line_of(node, loc))


def config_file(name: str) -> Path:
    return paths.config_dir() / name


def seeds_file(name: str) -> Path:
    return paths.seeds_dir() / name


class Strict(BaseModel):
    """Unknown keys are errors: a misspelt option must not be silently ignored."""

    model_config = {"extra": "forbid", "frozen": True}


class LocalNodeSettings(Strict):
    heap: str = Field("512m", pattern=r"^\d+[mg]$")
    port: int = Field(0, ge=0, le=65535)  # 0: a free port
    processors: int = Field(2, ge=1)
    start_timeout: float = Field(180, gt=0)


class BulkSettings(Strict):
    batch_size: int = Field(500, ge=1, le=10_000)
    max_wait: float = Field(5.0, gt=0)      # seconds a document may wait for its batch
    max_retries: int = Field(5, ge=0)       # then the batch goes to the on-disk spool
    backoff: float = Field(0.5, gt=0)       # first retry delay; doubles each time (max 30 s)


class ElasticsearchSettings(Strict):
    alias: str = Field("newsmon-articles", pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    index_version: int = Field(1, ge=1)
    request_timeout: float = Field(30, gt=0)
    verify_certs: bool = True
    bulk: BulkSettings = BulkSettings()
    local_node: LocalNodeSettings = LocalNodeSettings()


class RedisFrontierSettings(Strict):
    key_prefix: str = Field("newsmon", pattern=r"^[A-Za-z0-9_.:-]+$")
    worker_timeout: float = Field(60, ge=5)  # seconds without a heartbeat: the worker is gone


class CrawlSettings(Strict):
    frontier: Literal["local", "redis"] = "local"
    workers: int = Field(1, ge=1, le=64)  # processes per `newsmon crawl` (more than 1: redis)
    redis: RedisFrontierSettings = RedisFrontierSettings()


class Settings(Strict):
    elasticsearch: ElasticsearchSettings = ElasticsearchSettings()
    crawl: CrawlSettings = CrawlSettings()


def load_settings(path: Path | None = None) -> Settings:
    return load_model(path or config_file("newsmon.yaml"), Settings)
