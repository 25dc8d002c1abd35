package ident

import (
	"testing"
	"time"
)

var asOf = time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)

func TestCheckIDNumber(t *testing.T) {
	tests := []struct {
		id   string
		want Fault
	}{
		{"11010519491231002X", ""}, // GB 11643-1999's own example
		{"11010519491231002x", ""},
		{"110105194912310021", FaultCheck},
		{"11010519491231002", FaultLength},
		{"1101051949123100X2", FaultChars},
		{"110105194913310026", FaultBirthDate},
		{"110105491231002", FaultLegacy15},
	}
	for _, tt := range tests {
		if got := CheckIDNumber(tt.id, asOf); got != tt.want {
			t.Errorf("CheckIDNumber(%q) = %q, want %q", tt.id, got, tt.want)
		}
	}
}

func TestCheckCreditCode(t *testing.T) {
	tests := []struct {
		code string
		want Fault
	}{
		{"91350100M000100Y43", ""}, // GB 32100-2015's example
		{"91350100M000100Y44", FaultCheck},
		{"91350100M000100Y4", FaultLength},
		{"91350100M000100I43", FaultChars},
	}
	for _, tt := range tests {
		if got := CheckCreditCode(tt.code); got != tt.want {
			t.Errorf("CheckCreditCode(%q) = %q, want %q", tt.code, got, tt.want)
		}
	}
}

func TestMask(t *testing.T) {
	if got := MaskID("620102199001011234"); got != "620102********1234" {
		t.Errorf("MaskID = %q", got)
	}
	if got := MaskPhone("13812345678"); got != "138****5678" {
		t.Errorf("MaskPhone = %q", got)
	}
}
