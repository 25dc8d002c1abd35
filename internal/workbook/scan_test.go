package workbook

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// A large worksheet is scanned as a stream, in pieces that may end anywhere between two tags: it
// must find what the scan of the whole part finds — merges, formulas without a cached value, the
// last row, whether sheetData is closed.
func TestStreamedScanFindsWhatTheWholePartScanFinds(t *testing.T) {
	parts := map[string]string{
		"merges and formulas": `<worksheet><sheetData><row r="1"><c r="A1"><f>1+1</f></c><c r="B1" t="str"><f>"a"</f><v></v></c>` +
			`<c r="C1"><f>2</f><v>2</v></c></row><row r="7"><c r="A7"><v>1</v></c></row></sheetData>` +
			`<mergeCells count="2"><mergeCell ref="B3:B5"/><mergeCell ref="A1:C1"/></mergeCells></worksheet>`,
		"namespace prefix": `<x:worksheet><x:sheetData><x:row r="2"><x:c r="B2"><x:f>1</x:f><x:v/></x:c></x:row></x:sheetData>` +
			`<x:mergeCells><x:mergeCell ref="A2:A9"/></x:mergeCells></x:worksheet>`,
		"truncated":       `<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>`,
		"empty sheetData": `<worksheet><sheetData/><mergeCells><mergeCell ref="A1:B1"/></mergeCells></worksheet>`,
		"no sheetData":    `<worksheet><dimension ref="A1"/></worksheet>`,
	}
	for name, xml := range parts {
		t.Run(name, func(t *testing.T) { assertSameScan(t, []byte(xml)) })
	}
	entries, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Logf("corpus not available at %s (%v): handcrafted parts only", corpusDir, err)
	}
	for _, e := range entries {
		zr, err := zip.OpenReader(filepath.Join(corpusDir, e.Name()))
		if err != nil {
			continue // not a zip package
		}
		for _, zf := range zr.File {
			if !strings.HasPrefix(zf.Name, "xl/worksheets/") || !strings.HasSuffix(zf.Name, ".xml") || zf.UncompressedSize64 > 8<<20 {
				continue
			}
			rc, err := zf.Open()
			if err != nil {
				continue
			}
			data, err := io.ReadAll(rc)
			rc.Close()
			if err == nil {
				t.Run(e.Name()+"/"+zf.Name, func(t *testing.T) { assertSameScan(t, data) })
			}
		}
		zr.Close()
	}
}

func assertSameScan(t *testing.T, data []byte) {
	t.Helper()
	whole := scanSheet(data)
	whole.lastRow = lastRowNumber(data)
	if !whole.complete {
		whole.lastRow = lastRowIn(data) // truncated: the stream knows the last row it saw
	}
	streamed, err := scanStream(func() (io.ReadCloser, error) {
		return io.NopCloser(iotest.OneByteReader(bytes.NewReader(data))), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(whole.noCache) == 0 && len(streamed.noCache) == 0 {
		whole.noCache, streamed.noCache = nil, nil
	}
	if !reflect.DeepEqual(whole, streamed) {
		t.Errorf("whole part: %+v\nstreamed:   %+v", whole, streamed)
	}
}
