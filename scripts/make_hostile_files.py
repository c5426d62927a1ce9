#!/usr/bin/env python3
"""Write the hostile and edge-case upload files into a folder, for trying the
upload pages by hand: `scripts/make_hostile_files.py /tmp/hostile`.

The generators live in tests/hostile_files.py (one copy, shared with the tests);
pure Python, nothing downloaded.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.hostile_files import write_all


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-files")
    for name, path in write_all(folder).items():
        print(f"{path}  {path.stat().st_size:>8} B  ({name})")  # noqa: T201


if __name__ == "__main__":
    main()
