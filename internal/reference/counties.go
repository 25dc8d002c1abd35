package reference

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

//go:embed counties-160.csv
var countiesCSV []byte

// County is one 国家乡村振兴重点帮扶县. Province is the canonical full name; Aliases are the
// short and former names people write (融水县 for 融水苗族自治县); Verified counts the independent
// public sources that confirmed the county is on the list (see PROVENANCE.md).
type County struct {
	Province, Prefecture, Name, Code string
	Aliases                          []string
	Verified                         int
}

// Counties is a list of key counties with lookups by name and alias. Values are read-only and
// safe for concurrent use.
type Counties struct {
	Source string // "embedded", or the path of the user's file

	all       []County
	byKey     map[countyKey]int   // (province, name or alias) → index into all
	byName    map[string][]int    // name or alias → indexes, in file order
	byProv    map[string][]County // province → its counties, in file order
	provinces []string            // provinces in order of first appearance
}

type countyKey struct{ province, name string }

// countyHeader is the header row every county file starts with.
var countyHeader = []string{"province", "prefecture", "county", "code", "aliases", "verified"}

var defaultCounties = sync.OnceValue(func() *Counties {
	c, err := LoadCounties(bytes.NewReader(countiesCSV), "embedded")
	if err != nil {
		panic("reference: embedded counties-160.csv: " + err.Error())
	}
	return c
})

// DefaultCounties returns the embedded list of 160 counties, parsed once.
func DefaultCounties() *Counties { return defaultCounties() }

// CountyFileError is a mistake in a county file, located by line.
type CountyFileError struct {
	Source string
	Line   int
	Msg    string // Chinese
	MsgEn  string // English
}

func (e *CountyFileError) Error() string {
	return fmt.Sprintf("%s:%d: %s", e.Source, e.Line, e.Msg)
}

// Message returns the reason in Chinese, or in English when lang is "en".
func (e *CountyFileError) Message(lang string) string {
	msg := e.Msg
	if lang == "en" {
		msg = e.MsgEn
	}
	return fmt.Sprintf("%s:%d: %s", e.Source, e.Line, msg)
}

var sixDigits = regexp.MustCompile(`^[0-9]{6}$`)

// LoadCounties reads a county file in the format of counties-160.csv: the header
// province,prefecture,county,code,aliases,verified, then one county per row. province is a full
// or short province name; code (6-digit GB/T 2260, may be empty) must lie in that province;
// aliases are separated by "|"; verified is a count of sources (empty means 0). A name or alias
// may repeat across provinces but not within one. Errors are *CountyFileError naming the line.
func LoadCounties(r io.Reader, source string) (*Counties, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // the column count is checked below, with a message that says how to fix it
	c := &Counties{
		Source: source,
		byKey:  map[countyKey]int{},
		byName: map[string][]int{},
		byProv: map[string][]County{},
	}
	fail := func(line int, zh, en string) error {
		return &CountyFileError{Source: source, Line: line, Msg: zh, MsgEn: en}
	}
	firstLine := map[countyKey]int{}
	for row := 0; ; row++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fail(pe.Line, "CSV 格式错误："+pe.Err.Error(), "malformed CSV: "+pe.Err.Error())
			}
			return nil, fmt.Errorf("%s: %w", source, err)
		}
		line, _ := cr.FieldPos(0)
		for i := range rec {
			rec[i] = normalize(rec[i])
		}
		if row == 0 {
			if !slices.Equal(rec, countyHeader) {
				want := strings.Join(countyHeader, ",")
				return nil, fail(line, "表头应为 "+want, "the header must be "+want)
			}
			continue
		}
		if len(rec) != len(countyHeader) {
			return nil, fail(line,
				fmt.Sprintf("应有 %d 列，实有 %d 列", len(countyHeader), len(rec)),
				fmt.Sprintf("expected %d columns, found %d", len(countyHeader), len(rec)))
		}
		county, zh, en := parseCountyRow(rec)
		if zh != "" {
			return nil, fail(line, zh, en)
		}
		i := len(c.all)
		for _, name := range append([]string{county.Name}, county.Aliases...) {
			k := countyKey{county.Province, name}
			if prev, dup := firstLine[k]; dup {
				return nil, fail(line,
					fmt.Sprintf("%s的“%s”与第 %d 行重复", county.Province, name, prev),
					fmt.Sprintf("%q in %s repeats line %d", name, county.Province, prev))
			}
			firstLine[k] = line
			c.byKey[k] = i
			c.byName[name] = append(c.byName[name], i)
		}
		if _, seen := c.byProv[county.Province]; !seen {
			c.provinces = append(c.provinces, county.Province)
		}
		c.byProv[county.Province] = append(c.byProv[county.Province], county)
		c.all = append(c.all, county)
	}
	if len(c.all) == 0 {
		return nil, fail(1, "文件中没有县", "the file lists no counties")
	}
	return c, nil
}

// parseCountyRow turns one normalised row into a County, or says in Chinese and English what is wrong.
func parseCountyRow(rec []string) (county County, zh, en string) {
	prov, ok := LookupProvince(rec[0])
	if !ok {
		return County{}, fmt.Sprintf("省份“%s”不是省级行政区的全称或简称", rec[0]),
			fmt.Sprintf("province %q is not the full or short name of a province-level division", rec[0])
	}
	county = County{Province: prov.Name, Prefecture: rec[1], Name: rec[2], Code: rec[3]}
	if county.Name == "" {
		return County{}, "县名为空", "the county name is empty"
	}
	if county.Code != "" && (!sixDigits.MatchString(county.Code) || county.Code[:2] != prov.Code) {
		return County{}, fmt.Sprintf("代码“%s”应为以 %s 开头的 6 位区划代码", county.Code, prov.Code),
			fmt.Sprintf("code %q must be a 6-digit division code starting with %s", county.Code, prov.Code)
	}
	for _, a := range strings.Split(rec[4], "|") {
		if a = normalize(a); a != "" && a != county.Name && !slices.Contains(county.Aliases, a) {
			county.Aliases = append(county.Aliases, a)
		}
	}
	if rec[5] != "" {
		n, err := strconv.Atoi(rec[5])
		if err != nil || n < 0 {
			return County{}, fmt.Sprintf("verified 列“%s”应为非负整数", rec[5]),
				fmt.Sprintf("verified %q must be a non-negative integer", rec[5])
		}
		county.Verified = n
	}
	return county, "", ""
}

// All returns every county in file order.
func (c *Counties) All() []County { return slices.Clone(c.all) }

// Lookup finds a county by province (full or short name) and county name or alias.
func (c *Counties) Lookup(province, name string) (County, bool) {
	p, ok := LookupProvince(province)
	if !ok {
		return County{}, false
	}
	i, ok := c.byKey[countyKey{p.Name, normalize(name)}]
	if !ok {
		return County{}, false
	}
	return c.all[i], true
}

// Find returns every county, in any province, whose name or alias is name, in file order. A rule
// uses it to tell a county filed under the wrong province from one not on the list at all.
func (c *Counties) Find(name string) []County {
	idx := c.byName[normalize(name)]
	out := make([]County, len(idx))
	for j, i := range idx {
		out[j] = c.all[i]
	}
	return out
}

// InProvince returns the counties of a province (full or short name), in file order.
func (c *Counties) InProvince(province string) []County {
	p, ok := LookupProvince(province)
	if !ok {
		return nil
	}
	return slices.Clone(c.byProv[p.Name])
}

// Provinces returns the full names of the provinces that have key counties, in file order.
func (c *Counties) Provinces() []string { return slices.Clone(c.provinces) }
