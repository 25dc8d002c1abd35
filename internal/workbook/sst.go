package workbook

import (
	"bytes"
	"strconv"
	"strings"
)

// The spreadsheetml namespaces excelize accepts for the shared-string table (Strict is translated).
const (
	nsMain   = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsStrict = "http://purl.oclc.org/ooxml/spreadsheetml/main"
)

// stringItems holds the scratch space for reading <si> and <is> items.
type stringItems struct {
	direct, runs, run, discard []byte
}

// parseSharedStrings reads xl/sharedStrings.xml into the strings excelize's raw reader gives for
// each index. ok is false when the part holds anything this reader does not handle the way
// excelize does; the caller then lets excelize read the sheets.
func parseSharedStrings(data []byte) (sst []string, ok bool) {
	if len(data) == 0 {
		return nil, true // no table: every index is out of range, as in excelize
	}
	if bytes.Count(data, []byte("purl.oclc.org")) > 1 {
		return nil, false // excelize rewrites Strict namespaces everywhere in the part
	}
	i, ok := skipProlog(data)
	if !ok {
		return nil, false
	}
	text, root, next, err := nextTag(data, i)
	if err != nil || hasNonSpace(text) || root.kind == tagEnd || string(root.local) != "sst" || !sstRootOK(&root) {
		return nil, false
	}
	if root.kind == tagEmpty {
		return nil, true
	}
	var items stringItems
	for i = next; ; {
		text, t, next, err := nextTag(data, i)
		if err != nil || !items.ignorable(text) {
			return nil, false
		}
		switch {
		case t.kind == tagEnd && bytes.Equal(t.name, root.name):
			return sst, true
		case t.kind == tagEnd:
			return nil, false
		case string(t.local) == "si":
			var s string
			if s, next, err = items.read(data, next, &t); err != nil {
				return nil, false
			}
			sst = append(sst, s)
		default:
			if next, err = skipElement(data, next, &t); err != nil {
				return nil, false
			}
		}
		i = next
	}
}

// skipProlog skips the XML declaration (refusing encodings other than UTF-8) and whitespace.
func skipProlog(data []byte) (int, bool) {
	i := 0
	if bytes.HasPrefix(data, []byte("<?xml")) {
		end := bytes.Index(data, []byte("?>"))
		if end < 0 {
			return 0, false
		}
		decl := data[:end]
		if e := bytes.Index(decl, []byte("encoding")); e >= 0 {
			enc := strings.ToLower(string(decl[e:]))
			if !strings.Contains(enc, "utf-8") {
				return 0, false
			}
		}
		i = end + 2
	}
	return i, true
}

// sstRootOK checks the root's namespace and count attributes as excelize's decoding would.
func sstRootOK(root *xmlTag) bool {
	want := "xmlns"
	if len(root.name) > len(root.local) {
		want = "xmlns:" + string(root.name[:len(root.name)-len(root.local)-1])
	}
	nsOK, attrsOK := false, true
	eachAttr(root.attrs, func(name, value []byte) bool {
		local := name[bytes.IndexByte(name, ':')+1:]
		switch {
		case string(name) == want:
			nsOK = string(value) == nsMain || string(value) == nsStrict
		case string(local) == "count" || string(local) == "uniqueCount":
			if v := strings.TrimSpace(string(value)); len(value) > 0 {
				if _, err := strconv.ParseInt(v, 10, 64); err != nil {
					attrsOK = false
				}
			}
		}
		return true
	})
	return nsOK && attrsOK
}

// ignorable reports whether text between elements that nobody reads is well formed.
func (s *stringItems) ignorable(raw []byte) bool {
	if !hasNonSpace(raw) {
		return true
	}
	var ok bool
	s.discard, ok = appendText(s.discard[:0], raw)
	return ok
}

// read reads a string item (<si> or <is>) whose start tag is t and returns its text as excelize's
// xlsxSI.String does: the item's own <t>, then the <t> of each rich-text run, _xHHHH_ undone.
// Phonetic runs and run properties are skipped.
func (s *stringItems) read(buf []byte, i int, t *xmlTag) (string, int, error) {
	if t.kind == tagEmpty {
		return "", i, nil
	}
	s.direct, s.runs = s.direct[:0], s.runs[:0]
	for {
		text, c, next, err := nextTag(buf, i)
		if err != nil {
			return "", 0, err
		}
		if !s.ignorable(text) {
			return "", 0, errUnexpected
		}
		switch {
		case c.kind == tagEnd && bytes.Equal(c.name, t.name):
			if len(s.direct)+len(s.runs) == 0 {
				return "", next, nil
			}
			return bstrDecode(string(s.direct) + string(s.runs)), next, nil
		case c.kind == tagEnd:
			return "", 0, errUnexpected
		case string(c.local) == "t":
			if s.direct, next, err = readText(buf, next, &c, s.direct[:0]); err != nil {
				return "", 0, err
			}
		case string(c.local) == "r":
			if next, err = s.readRun(buf, next, &c); err != nil {
				return "", 0, err
			}
		default:
			if next, err = skipElement(buf, next, &c); err != nil {
				return "", 0, err
			}
		}
		i = next
	}
}

// readRun reads a rich-text run <r>: its <t> (the last one, as encoding/xml keeps it) is appended.
func (s *stringItems) readRun(buf []byte, i int, r *xmlTag) (int, error) {
	if r.kind == tagEmpty {
		return i, nil
	}
	s.run = s.run[:0]
	for {
		text, c, next, err := nextTag(buf, i)
		if err != nil {
			return 0, err
		}
		if !s.ignorable(text) {
			return 0, errUnexpected
		}
		switch {
		case c.kind == tagEnd && bytes.Equal(c.name, r.name):
			s.runs = append(s.runs, s.run...)
			return next, nil
		case c.kind == tagEnd:
			return 0, errUnexpected
		case string(c.local) == "t":
			if s.run, next, err = readText(buf, next, &c, s.run[:0]); err != nil {
				return 0, err
			}
		default:
			if next, err = skipElement(buf, next, &c); err != nil {
				return 0, err
			}
		}
		i = next
	}
}

// readText appends the character data of a text-only element whose start tag is t.
func readText(buf []byte, i int, t *xmlTag, dst []byte) ([]byte, int, error) {
	if t.kind == tagEmpty {
		return dst, i, nil
	}
	text, c, next, err := nextTag(buf, i)
	if err != nil {
		return dst, 0, err
	}
	if c.kind != tagEnd || !bytes.Equal(c.name, t.name) {
		return dst, 0, errUnexpected
	}
	dst, ok := appendText(dst, text)
	if !ok {
		return dst, 0, errUnexpected
	}
	return dst, next, nil
}

// skipElement skips the content of an element whose start tag is t, checking that it is well formed.
func skipElement(buf []byte, i int, t *xmlTag) (int, error) {
	if t.kind == tagEmpty {
		return i, nil
	}
	open := [][]byte{t.name}
	var discard []byte
	for len(open) > 0 {
		text, c, next, err := nextTag(buf, i)
		if err != nil {
			return 0, err
		}
		if hasNonSpace(text) {
			var ok bool
			if discard, ok = appendText(discard[:0], text); !ok {
				return 0, errUnexpected
			}
		}
		switch c.kind {
		case tagStart:
			open = append(open, c.name)
		case tagEnd:
			if !bytes.Equal(c.name, open[len(open)-1]) {
				return 0, errUnexpected
			}
			open = open[:len(open)-1]
		}
		i = next
	}
	return i, nil
}
