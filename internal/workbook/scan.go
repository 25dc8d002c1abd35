package workbook

import (
	"bytes"
	"sort"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// sheetScan is what excelize's row iterator does not tell: merged ranges, formulas without a cached
// value, and whether the sheet XML is whole. It comes from one pass over the worksheet part's bytes
// with plain byte searches — no XML decoding, and the cell walk only when the sheet has formulas —
// so it costs a few per cent of the row read, where GetMergeCells would load the whole sheet.
type sheetScan struct {
	known    bool // the worksheet bytes were available
	complete bool // the sheetData element is closed (not truncated)
	merges   []mergeRange
	// noCache holds the cells with a formula but no cached value.
	noCache map[cellPos]bool
}

type cellPos struct{ row, col int }

// mergeRange is a merged range, 1-based inclusive. val is the top-left value once its row is read.
type mergeRange struct {
	r1, c1, r2, c2 int
	val            string
}

func scanSheet(data []byte) sheetScan {
	s := sheetScan{known: true, complete: true}
	open, end := sheetDataSpan(data)
	if open < 0 {
		return s
	}
	if end < 0 {
		s.complete = false
		return s
	}
	s.merges = findMerges(data[end:])
	if hasElement(data[open:end], "f") {
		s.noCache = formulasWithoutCache(data[open:end])
	}
	return s
}

// sheetDataSpan finds where the sheetData element opens and where it closes (or -1: truncated).
func sheetDataSpan(data []byte) (open, end int) {
	name := []byte("sheetData")
	open = bytes.Index(data, name)
	if open < 0 {
		return -1, -1
	}
	if gt := bytes.IndexByte(data[open:], '>'); gt > 0 && data[open+gt-1] == '/' {
		return open, open + gt + 1 // <sheetData/>
	}
	last := bytes.LastIndex(data, name)
	if last == open {
		return open, -1
	}
	i := last - 1
	for i > 0 && data[i] != '<' && data[i] != '/' {
		i-- // a namespace prefix: </x:sheetData>
	}
	if i <= 0 || data[i] != '/' {
		return open, -1
	}
	return open, last
}

// findMerges reads the ref attributes of <mergeCell> elements (any namespace prefix).
func findMerges(data []byte) []mergeRange {
	var out []mergeRange
	tag := []byte("mergeCell ")
	for i := 0; ; {
		j := bytes.Index(data[i:], tag)
		if j < 0 {
			break
		}
		i += j + len(tag)
		gt := bytes.IndexByte(data[i:], '>')
		if gt < 0 {
			break
		}
		ref := attr(data[i:i+gt], "ref")
		i += gt
		a, b, ok := bytes.Cut(ref, []byte(":"))
		if !ok {
			continue
		}
		c1, r1, err1 := excelize.CellNameToCoordinates(string(a))
		c2, r2, err2 := excelize.CellNameToCoordinates(string(b))
		if err1 != nil || err2 != nil || r2 < r1 || c2 < c1 {
			continue
		}
		out = append(out, mergeRange{r1: r1, c1: c1, r2: r2, c2: c2})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].r1 < out[j].r1 })
	return out
}

// hasElement reports whether an element with this local name occurs (<f>, <f ...>, <x:f>).
func hasElement(data []byte, local string) bool {
	for _, p := range []string{"<" + local + ">", "<" + local + " ", ":" + local + ">", ":" + local + " "} {
		if bytes.Contains(data, []byte(p)) {
			return true
		}
	}
	return false
}

// formulasWithoutCache walks the cells of sheetData and returns those with an <f> but no cached
// <v> (an empty <v/> counts as none, except for a string result, t="str").
func formulasWithoutCache(data []byte) map[cellPos]bool {
	out := map[cellPos]bool{}
	row, col := 0, 0
	var formula, value, isStr bool
	for i := 0; i < len(data); {
		j := bytes.IndexByte(data[i:], '<')
		if j < 0 {
			break
		}
		i += j + 1
		if i >= len(data) {
			break
		}
		closing := data[i] == '/'
		if closing {
			i++
		}
		k := i
		for k < len(data) && !isTagEnd(data[k]) {
			k++
		}
		name := data[i:k]
		if c := bytes.IndexByte(name, ':'); c >= 0 {
			name = name[c+1:]
		}
		gt := bytes.IndexByte(data[k:], '>')
		if gt < 0 {
			break
		}
		attrs := data[k : k+gt]
		selfClose := gt > 0 && data[k+gt-1] == '/'
		i = k + gt + 1
		switch string(name) {
		case "row":
			if !closing {
				if n, err := strconv.Atoi(string(attr(attrs, "r"))); err == nil {
					row = n
				} else {
					row++
				}
				col = 0
			}
		case "c":
			if closing {
				if formula && !value {
					out[cellPos{row, col}] = true
				}
				continue
			}
			if c, _, err := excelize.CellNameToCoordinates(string(attr(attrs, "r"))); err == nil {
				col = c
			} else {
				col++
			}
			formula, value, isStr = false, false, string(attr(attrs, "t")) == "str"
		case "f":
			formula = formula || !closing
		case "v":
			if !closing && !selfClose {
				end := bytes.IndexByte(data[i:], '<')
				value = value || end > 0 || isStr
			} else if selfClose && isStr {
				value = true
			}
		case "is":
			value = true
		}
	}
	return out
}

func isTagEnd(b byte) bool {
	return b == ' ' || b == '>' || b == '/' || b == '\t' || b == '\n' || b == '\r'
}

// attr returns the value of attribute name in the inside of a start tag ("" when absent).
func attr(tag []byte, name string) []byte {
	for i := 0; ; {
		j := bytes.Index(tag[i:], []byte(name+"="))
		if j < 0 {
			return nil
		}
		p := i + j
		i = p + len(name) + 1
		if p > 0 && !isTagEnd(tag[p-1]) {
			continue // a longer attribute name ending in name
		}
		if i >= len(tag) || (tag[i] != '"' && tag[i] != '\'') {
			return nil
		}
		q := tag[i]
		end := bytes.IndexByte(tag[i+1:], q)
		if end < 0 {
			return nil
		}
		return tag[i+1 : i+1+end]
	}
}
