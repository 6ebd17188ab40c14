"""Every error presslens raises on purpose.

The CLI and the web API turn these into one-line messages and a non-zero exit
(or an HTTP 4xx) instead of a traceback, so each message says what failed,
shows the offending value and suggests a fix.

    PresslensError
    ├── InputError            a document could not be read (empty, binary, undecodable, too big, ...)
    │   └── JsonlLineError    one malformed line of a JSONL file (carries the line number)
    ├── ConfigError           an unknown stage, a bad option value, a stage order that cannot work
    ├── MissingExtraError     an optional part (web, corpus, dask, train) is not installed (also an ImportError)
    ├── ModelError            a shipped model file is missing or unreadable
    ├── StageError            a stage failed on a document (names the stage and the document)
    └── StoreError            the corpus store cannot be opened, read or written
"""

from __future__ import annotations


class PresslensError(Exception):
    """Base class: catch this to handle any expected presslens failure."""


class InputError(PresslensError):
    """A document could not be read; `name` says which document, `reason` why."""

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason
        super().__init__(f"{name}: {reason}")


class JsonlLineError(InputError):
    """One line of a JSONL file is malformed.

    The corpus reader (`io.readers`) reports it and reads the other lines; the
    reader of evaluation data (`io.jsonl_lines`) stops at the first one.
    """

    def __init__(self, path: str, line: int, reason: str) -> None:
        self.line = line
        super().__init__(f"{path}:{line}", reason)


class ConfigError(PresslensError):
    """The pipeline or an option was configured with a value that cannot work."""


class MissingExtraError(PresslensError, ModuleNotFoundError):
    """An optional part of presslens is not installed; the message says which extra to install."""

    def __init__(self, extra: str, module: str) -> None:
        self.extra = extra
        super().__init__(
            f"this needs the '{extra}' extra, which is not installed (no module {module!r}): "
            f"pip install 'presslens[{extra}]'",
            name=module,
        )


class ModelError(PresslensError):
    """A model that presslens ships or trains is missing or cannot be loaded."""


class StageError(PresslensError):
    """A pipeline stage raised while annotating a document."""

    def __init__(self, stage: str, doc_id: str, cause: BaseException) -> None:
        self.stage = stage
        self.doc_id = doc_id
        self.cause = cause
        super().__init__(f"{doc_id}: stage {stage} failed: {type(cause).__name__}: {cause}")


class StoreError(PresslensError):
    """The corpus store cannot be opened, read or written (names the file and what to do)."""
