package annotate

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// excelize adds a comment to a sheet that already has some only when they are laid out as Excel
// and WPS write them: xl/commentsN.xml and xl/drawings/vmlDrawingN.vml, the same N, referred to
// relatively. openpyxl writes /xl/comments/commentN.xml and /xl/drawings/commentsDrawingN.vml;
// there excelize writes the new comments to a part no sheet refers to (they are lost) or fails.
var (
	vmlPart      = regexp.MustCompile(`^xl/drawings/vmlDrawing(\d+)\.vml$`)
	commentsPart = regexp.MustCompile(`^xl/comments(\d+)\.xml$`)
	sheetRels    = regexp.MustCompile(`^xl/worksheets/_rels/[^/]+\.rels$`)
)

const (
	relComments = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
	relVML      = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing"
)

type relationships struct {
	Rels []struct {
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

// layOutComments returns a copy of an .xlsx package (data) whose sheets' comments and comment
// drawings are renamed into the layout excelize can add to, or nil when they already are. It only
// renames parts and rewrites the references to them; the input file is never touched.
func layOutComments(data []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	next := 1 // a number no comments or drawing part has yet
	for _, zf := range zr.File {
		for _, re := range []*regexp.Regexp{vmlPart, commentsPart} {
			if m := re.FindStringSubmatch(zf.Name); m != nil {
				n, _ := strconv.Atoi(m[1])
				next = max(next, n+1)
			}
		}
	}
	renamed := map[string]string{} // old part name → new
	edited := map[string][]byte{}  // part name → new content
	for _, zf := range zr.File {
		if !sheetRels.MatchString(zf.Name) {
			continue
		}
		body, err := readPart(zf)
		if err != nil {
			return nil, err
		}
		var rels relationships
		if err := xml.Unmarshal(body, &rels); err != nil {
			return nil, fmt.Errorf("%s: %w", zf.Name, err)
		}
		var comments, vml string // targets as written
		for _, r := range rels.Rels {
			switch r.Type {
			case relComments:
				comments = r.Target
			case relVML:
				vml = r.Target
			}
		}
		if comments == "" || vml == "" {
			continue
		}
		c, v := partName(comments), partName(vml)
		if m := vmlPart.FindStringSubmatch(v); m != nil && c == "xl/comments"+m[1]+".xml" && !strings.HasPrefix(vml, "/") {
			continue // Excel's layout
		}
		n := strconv.Itoa(next)
		next++
		renamed[c], renamed[v] = "xl/comments"+n+".xml", "xl/drawings/vmlDrawing"+n+".vml"
		renamed[path.Join(path.Dir(v), "_rels", path.Base(v)+".rels")] = "xl/drawings/_rels/vmlDrawing" + n + ".vml.rels"
		edited[zf.Name] = replaceAttr(replaceAttr(body, comments, "../comments"+n+".xml"), vml, "../drawings/vmlDrawing"+n+".vml")
	}
	if len(renamed) == 0 {
		return nil, nil
	}
	for _, zf := range zr.File {
		if zf.Name != "[Content_Types].xml" {
			continue
		}
		body, err := readPart(zf)
		if err != nil {
			return nil, err
		}
		for old, name := range renamed {
			body = replaceAttr(body, "/"+old, "/"+name)
		}
		edited[zf.Name] = body
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		h := zf.FileHeader
		if name, ok := renamed[zf.Name]; ok {
			h.Name = name
		}
		if body, ok := edited[zf.Name]; ok {
			h.Method = zip.Deflate
			w, err := zw.CreateHeader(&h)
			if err == nil {
				_, err = w.Write(body)
			}
			if err != nil {
				return nil, err
			}
			continue
		}
		if err := copyRaw(zw, zf, &h); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// partName resolves a sheet relationship's target to a part name.
func partName(target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/")
	}
	return path.Join("xl/worksheets", target)
}

// replaceAttr replaces an attribute value, in either quoting.
func replaceAttr(body []byte, old, new string) []byte {
	for _, q := range []string{`"`, `'`} {
		body = bytes.ReplaceAll(body, []byte("="+q+old+q), []byte("="+q+new+q))
	}
	return body
}

// maxRelsPart bounds a relationships or content-types part read whole (they are a few KB).
const maxRelsPart = 16 << 20

func readPart(zf *zip.File) ([]byte, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	body, err := io.ReadAll(io.LimitReader(rc, maxRelsPart+1))
	if err == nil && len(body) > maxRelsPart {
		err = fmt.Errorf("%s is larger than %d bytes", zf.Name, maxRelsPart)
	}
	return body, err
}

// copyRaw copies a part without recompressing it.
func copyRaw(zw *zip.Writer, zf *zip.File, h *zip.FileHeader) error {
	r, err := zf.OpenRaw()
	if err != nil {
		return err
	}
	w, err := zw.CreateRaw(h)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, r)
	return err
}
