"""The errors of a file: one RowError per mistake, kept compactly as a Polars frame."""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

import polars as pl

ERRORS_SCHEMA = {"row": pl.Int64, "field": pl.String, "value": pl.String, "reason": pl.String}


@dataclass(frozen=True)
class RowError:
    """One mistake: the file's row (header = 1), the column's header, the value, the reason."""

    row: int
    column: str
    value: str
    reason: str


class ErrorList(Sequence[RowError]):
    """The errors of a file in row order, kept as one compact frame (a bad file can have
    millions of them); reads like a list of RowError."""

    def __init__(self, frame: pl.DataFrame, headers: dict[str, str]) -> None:
        self.frame = frame
        self._headers = headers

    def __len__(self) -> int:
        return self.frame.height

    @overload
    def __getitem__(self, index: int) -> RowError: ...
    @overload
    def __getitem__(self, index: slice) -> list[RowError]: ...
    def __getitem__(self, index: int | slice) -> RowError | list[RowError]:
        if isinstance(index, slice):
            return [self._error(self.frame.row(i)) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._error(self.frame.row(index))

    def __iter__(self) -> Iterator[RowError]:
        for start in range(0, len(self), 10_000):
            for record in self.frame.slice(start, 10_000).iter_rows():
                yield self._error(record)

    def _error(self, record: tuple[Any, ...]) -> RowError:
        row, field, value, reason = record
        return RowError(
            row=row, column=self._headers.get(field, ""), value=value or "", reason=reason
        )
