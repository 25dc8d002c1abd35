// Command qsbench is the benchmark harness's Go half: it generates synthetic workbooks and does the
// bare excelize read that qianshou's check is measured against.
//
//	qsbench gen [-province 甘肃省] -rows N -o FILE.xlsx [-a ALLOC.xlsx]
//	        one province workbook of about N rows, and the allocation table it fulfils
//	qsbench national -rows N -dir DIR
//	        DIR/provinces/: 31 province workbooks of about N rows each; DIR/任务分配表.xlsx
//	qsbench raw FILE.xlsx                                  excelize Rows() over every sheet, raw values
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/xuri/excelize/v2"

	"github.com/qianshou/qianshou/internal/workbook/wbgen"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "gen":
		fs := flag.NewFlagSet("gen", flag.ExitOnError)
		province := fs.String("province", "甘肃省", "the 填报省份 (a province with key counties reports both sides)")
		rows := fs.Int("rows", 1000, "data rows, about")
		out := fs.String("o", "", "output file")
		alloc := fs.String("a", "", "also write the allocation table here")
		_ = fs.Parse(os.Args[2:])
		if *out == "" {
			usage()
		}
		err = wbgen.WriteProvince(*out, *province, *rows)
		if err == nil && *alloc != "" {
			err = wbgen.WriteAllocation(*alloc, []string{*province}, *rows)
		}
	case "national":
		fs := flag.NewFlagSet("national", flag.ExitOnError)
		rows := fs.Int("rows", 3000, "data rows per workbook, about")
		dir := fs.String("dir", "", "output directory")
		_ = fs.Parse(os.Args[2:])
		if *dir == "" {
			usage()
		}
		err = national(*dir, *rows)
	case "raw":
		if len(os.Args) != 3 {
			usage()
		}
		var rows, cells int
		if rows, cells, err = rawRead(os.Args[2]); err == nil {
			fmt.Printf("%d rows, %d cells\n", rows, cells)
		}
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "qsbench:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: qsbench gen [-province P] -rows N -o FILE [-a ALLOC] | national -rows N -dir DIR | raw FILE")
	os.Exit(2)
}

func national(dir string, rows int) error {
	if err := os.MkdirAll(filepath.Join(dir, "provinces"), 0o755); err != nil {
		return err
	}
	for _, p := range wbgen.National() {
		if err := wbgen.WriteProvince(filepath.Join(dir, "provinces", p+".xlsx"), p, rows); err != nil {
			return err
		}
	}
	return wbgen.WriteAllocation(filepath.Join(dir, "任务分配表.xlsx"), wbgen.National(), rows)
}

// rawRead is the floor qianshou is compared with: excelize's streaming Rows() with raw values over
// every sheet, nothing done with the cells but counting the non-empty ones.
func rawRead(path string) (rows, cells int, err error) {
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	for _, name := range f.GetSheetList() {
		it, err := f.Rows(name)
		if err != nil {
			return 0, 0, err
		}
		for it.Next() {
			cols, err := it.Columns()
			if err != nil {
				return 0, 0, err
			}
			rows++
			for _, c := range cols {
				if c != "" {
					cells++
				}
			}
		}
		if err := it.Close(); err != nil {
			return 0, 0, err
		}
	}
	return rows, cells, nil
}
