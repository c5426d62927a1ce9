#!/bin/sh
# Print the path of a Python >= 3.12 interpreter, or explain and fail.
# Order: $PYTHON, the pyenv version named in .python-version, then python3.13,
# python3.12 and python3 on PATH.
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }
for cand in "${PYTHON:-}" \
    "$(command -v pyenv >/dev/null 2>&1 && pyenv prefix "$(cat .python-version 2>/dev/null)" 2>/dev/null)/bin/python" \
    "$HOME/.pyenv/versions/$(cat .python-version 2>/dev/null)/bin/python" \
    python3.13 python3.12 python3; do
  [ -n "$cand" ] || continue
  path=$(command -v "$cand" 2>/dev/null) || continue
  if ok "$path"; then echo "$path"; exit 0; fi
done
echo "Không tìm thấy Python 3.12 trở lên. Hãy cài Python >= 3.12 (ví dụ: apt-get install python3.12" >&2
echo "hoặc pyenv install 3.13) rồi chạy lại, hoặc chỉ đường dẫn: make run PYTHON=/đường/dẫn/python3.13" >&2
echo "(No Python >= 3.12 found: install one, or pass PYTHON=/path/to/python3.12.)" >&2
exit 1
