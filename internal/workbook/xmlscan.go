package workbook

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A byte-level reader for the few XML shapes a worksheet's sheetData and a shared-string table are
// made of. It accepts only what it fully understands, the way encoding/xml would read it (entities,
// character references, CR/LF normalisation, character validity, matched end tags); anything else
// is errUnexpected, and the caller goes back to excelize, whose answer then stands.

var (
	// errUnexpected: markup this reader does not handle; excelize must read the part instead.
	errUnexpected = errors.New("unexpected markup")
	// errShort: the buffer ends inside the item being read; more input is needed.
	errShort = errors.New("short buffer")
)

type tagKind uint8

const (
	tagStart tagKind = iota // <name ...>
	tagEnd                  // </name>
	tagEmpty                // <name .../>
)

// xmlTag is one tag: its qualified name as written, its local name and the inside of a start tag.
type xmlTag struct {
	kind  tagKind
	name  []byte
	local []byte
	attrs []byte
}

// nextTag reads the text up to the next tag and the tag itself, from buf[i:]. Comments are skipped
// (their text is not part of the text returned). The text is returned raw (entities undecoded).
func nextTag(buf []byte, i int) (text []byte, t xmlTag, next int, err error) {
	for {
		lt := bytes.IndexByte(buf[i:], '<')
		if lt < 0 {
			return nil, t, 0, errShort
		}
		lt += i
		if lt+1 >= len(buf) {
			return nil, t, 0, errShort
		}
		if buf[lt+1] != '!' {
			t, next, err = readTag(buf, lt)
			return buf[i:lt], t, next, err
		}
		// <!-- comment --> between markup; CDATA and declarations are not expected here, nor text
		// on both sides of a comment.
		if len(buf) < lt+4 {
			return nil, t, 0, errShort
		}
		if string(buf[lt:lt+4]) != "<!--" || hasNonSpace(buf[i:lt]) {
			return nil, t, 0, errUnexpected
		}
		end := bytes.Index(buf[lt+4:], []byte("--"))
		if end < 0 {
			return nil, t, 0, errShort
		}
		end += lt + 4
		if end+2 >= len(buf) {
			return nil, t, 0, errShort
		}
		if buf[end+2] != '>' || !validText(buf[lt+4:end]) {
			return nil, t, 0, errUnexpected // "--" inside a comment is an XML error
		}
		i = end + 3
	}
}

// readTag reads the tag that starts at buf[lt] == '<'.
func readTag(buf []byte, lt int) (t xmlTag, next int, err error) {
	p := lt + 1
	if buf[p] == '/' {
		t.kind = tagEnd
		p++
	}
	if p >= len(buf) {
		return t, 0, errShort
	}
	if buf[p] == '?' || buf[p] == '!' {
		return t, 0, errUnexpected
	}
	n := p
	colon := -1
	for n < len(buf) && isNameByte(buf[n]) {
		if buf[n] == ':' {
			if colon >= 0 {
				return t, 0, errUnexpected
			}
			colon = n
		}
		n++
	}
	if n >= len(buf) {
		return t, 0, errShort
	}
	if n == p || !isNameStart(buf[p]) || colon == p || colon == n-1 {
		return t, 0, errUnexpected
	}
	t.name = buf[p:n]
	t.local = t.name
	if colon >= 0 {
		t.local = buf[colon+1 : n]
	}
	// The rest of the tag: attributes hold no '>' unless quoted, and we refuse '<' and '&' in them
	// (they would need decoding), so the first '>' outside quotes ends the tag.
	q := byte(0)
	for k := n; k < len(buf); k++ {
		c := buf[k]
		switch {
		case q != 0:
			if c == q {
				q = 0
			} else if c == '<' || c == '&' {
				return t, 0, errUnexpected
			}
		case c == '"' || c == '\'':
			q = c
		case c == '>':
			inside := buf[n:k]
			if t.kind == tagEnd {
				if hasNonSpace(inside) {
					return t, 0, errUnexpected
				}
				return t, k + 1, nil
			}
			if len(inside) > 0 && inside[len(inside)-1] == '/' {
				t.kind = tagEmpty
				inside = inside[:len(inside)-1]
			}
			if len(inside) > 0 && !isSpace(inside[0]) {
				return t, 0, errUnexpected
			}
			t.attrs = inside
			if !wellFormedAttrs(inside) {
				return t, 0, errUnexpected
			}
			return t, k + 1, nil
		case c == '<':
			return t, 0, errUnexpected
		}
	}
	return t, 0, errShort
}

func isNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func isNameByte(c byte) bool {
	return isNameStart(c) || c >= '0' && c <= '9' || c == '-' || c == '.' || c == ':'
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func hasNonSpace(b []byte) bool {
	for _, c := range b {
		if !isSpace(c) {
			return true
		}
	}
	return false
}

// wellFormedAttrs checks name="value" pairs separated by space, with valid characters in values.
func wellFormedAttrs(b []byte) bool {
	_, ok := eachAttr(b, func(name, value []byte) bool { return true })
	return ok
}

// eachAttr calls fn for each attribute (qualified name, raw value) until fn returns false. ok is
// false when the attributes are not well formed.
func eachAttr(b []byte, fn func(name, value []byte) bool) (stopped, ok bool) {
	i := 0
	for {
		for i < len(b) && isSpace(b[i]) {
			i++
		}
		if i == len(b) {
			return false, true
		}
		n := i
		for n < len(b) && isNameByte(b[n]) {
			n++
		}
		if n == i || !isNameStart(b[i]) {
			return false, false
		}
		name := b[i:n]
		for n < len(b) && isSpace(b[n]) {
			n++
		}
		if n >= len(b) || b[n] != '=' {
			return false, false
		}
		n++
		for n < len(b) && isSpace(b[n]) {
			n++
		}
		if n >= len(b) || (b[n] != '"' && b[n] != '\'') {
			return false, false
		}
		end := bytes.IndexByte(b[n+1:], b[n])
		if end < 0 {
			return false, false
		}
		value := b[n+1 : n+1+end]
		if !validText(value) {
			return false, false
		}
		i = n + 2 + end
		if i < len(b) && !isSpace(b[i]) {
			return false, false
		}
		if !fn(name, value) {
			return true, true
		}
	}
}

// validText reports whether raw text (no markup, no entity) holds only characters XML allows, as
// encoding/xml checks them.
func validText(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == '>' && i >= 2 && b[i-1] == ']' && b[i-2] == ']' {
				return false // a control character, or "]]>" outside CDATA
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 || !isXMLChar(r) {
			return false
		}
		i += size
	}
	return true
}

func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// appendText appends the character data raw stands for: the five predefined entities and numeric
// character references decoded, CR LF and lone CR read as LF (as encoding/xml does). ok is false
// for anything encoding/xml would reject.
func appendText(dst, raw []byte) (_ []byte, ok bool) {
	for len(raw) > 0 {
		k := 0
		for k < len(raw) && raw[k] != '&' && raw[k] != '\r' {
			k++
		}
		if !validText(raw[:k]) {
			return dst, false
		}
		dst = append(dst, raw[:k]...)
		raw = raw[k:]
		if len(raw) == 0 {
			break
		}
		if raw[0] == '\r' {
			dst = append(dst, '\n')
			raw = raw[1:]
			if len(raw) > 0 && raw[0] == '\n' {
				raw = raw[1:]
			}
			continue
		}
		semi := bytes.IndexByte(raw, ';')
		if semi < 2 {
			return dst, false
		}
		ent := raw[1:semi]
		raw = raw[semi+1:]
		switch string(ent) {
		case "amp":
			dst = append(dst, '&')
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "quot":
			dst = append(dst, '"')
		case "apos":
			dst = append(dst, '\'')
		default:
			if ent[0] != '#' || len(ent) < 2 {
				return dst, false
			}
			num, base := ent[1:], 10
			if num[0] == 'x' {
				num, base = num[1:], 16
			}
			if len(num) == 0 || len(num) > 8 {
				return dst, false
			}
			n, err := strconv.ParseUint(string(num), base, 32)
			if err != nil || !isXMLChar(rune(n)) {
				return dst, false
			}
			dst = utf8.AppendRune(dst, rune(n))
		}
	}
	return dst, true
}

// bstrDecode undoes the _xHHHH_ escapes of OOXML strings exactly as excelize's reader does: _x005F_
// is "_"; another escape is its UTF-16 code unit, and one that is no character (a lone surrogate)
// is dropped.
func bstrDecode(s string) string {
	i := indexBstr(s, 0)
	if i < 0 {
		return s
	}
	out := make([]byte, 0, len(s))
	cursor := 0
	for ; i >= 0; i = indexBstr(s, cursor) {
		out = append(out, s[cursor:i]...)
		esc := s[i : i+7]
		cursor = i + 7
		if esc == "_x005F_" {
			out = append(out, '_')
			continue
		}
		if v, err := strconv.Unquote(`"\u` + esc[2:6] + `"`); err == nil {
			out = append(out, v...)
		}
	}
	return string(append(out, s[cursor:]...))
}

// indexBstr finds the next _xHHHH_ at or after from, or -1.
func indexBstr(s string, from int) int {
	for i := from; i+7 <= len(s); i++ {
		j := strings.Index(s[i:], "_x")
		if j < 0 {
			return -1
		}
		i += j
		if i+7 <= len(s) && isHex(s[i+2]) && isHex(s[i+3]) && isHex(s[i+4]) && isHex(s[i+5]) && s[i+6] == '_' {
			return i
		}
	}
	return -1
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
