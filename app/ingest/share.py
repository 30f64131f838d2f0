"""One machine's share of a corpus, so that several `timeline ingest`
processes — on several machines, each with its own copy or mount of the
files — can split a corpus without talking to each other: `--share 2/4`
takes the files whose path, relative to the folder named on the command
line, hashes to the second of four shares. The hash is SHA-1 of that
relative path, so every machine computes the same split whatever its
mount point, and every file falls in exactly one share."""
from hashlib import sha1
from typing import NamedTuple


class Share(NamedTuple):
    index: int  # 1-based, as written on the command line
    count: int

    @classmethod
    def parse(cls, text: str) -> "Share":
        """`K/N` with 1 ≤ K ≤ N; anything else is refused with the reason."""
        try:
            index, count = (int(part) for part in text.split("/"))
        except ValueError:
            raise ValueError(f"a share is written K/N (the Kth of N, e.g. 2/4), not {text!r}") from None
        if not 1 <= index <= count:
            raise ValueError(f"a share K/N needs 1 ≤ K ≤ N, not {text!r}")
        return cls(index, count)

    def holds(self, relative_path: str) -> bool:
        key = relative_path.replace("\\", "/").encode("utf-8", "surrogateescape")
        return int.from_bytes(sha1(key).digest()[:8], "big") % self.count == self.index - 1

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"
