#!/usr/bin/env python3
"""What an analyst would script instead of qianshou: openpyxl's read-only pass over every sheet.

Usage: openpyxl_read.py FILE.xlsx   — prints "<rows> rows, <cells> cells" (cells: non-empty values).
"""
import sys

import openpyxl


def main(path):
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = cells = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            rows += 1
            cells += sum(v is not None for v in row)
    wb.close()
    print(f"{rows} rows, {cells} cells")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip())
    main(sys.argv[1])
