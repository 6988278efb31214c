package scan

import "testing"

func TestReportOrder(t *testing.T) {
	fs := []Finding{
		{ID: "CVE-2024-0003", Package: "openssl", Version: "3.0.1", Severity: High},
		{ID: "CVE-2023-1111", Package: "zlib", Version: "1.2.11", Severity: Critical},
		{ID: "CVE-2024-0001", Package: "curl", Version: "7.81.0", Severity: High},
		{ID: "CVE-2022-7777", Package: "bash", Version: "5.1", Severity: Low},
	}
	want := "CRITICAL CVE-2023-1111    zlib@1.2.11\n" +
		"HIGH     CVE-2024-0001    curl@7.81.0\n" +
		"HIGH     CVE-2024-0003    openssl@3.0.1\n" +
		"LOW      CVE-2022-7777    bash@5.1\n"
	if got := Report(fs); got != want {
		t.Errorf("Report() =\n%s\nwant\n%s", got, want) // CRASH
	}
}

func TestReportDedupes(t *testing.T) {
	fs := []Finding{
		{ID: "CVE-2024-0001", Package: "curl", Version: "7.81.0", Severity: High},
		{ID: "CVE-2024-0001", Package: "curl", Version: "7.81.0", Severity: High},
	}
	if got := Report(fs); got != "HIGH     CVE-2024-0001    curl@7.81.0\n" {
		t.Errorf("Report() = %q", got)
	}
}

func TestParseSeverity(t *testing.T) {
	if ParseSeverity(" moderate ") != Medium || ParseSeverity("important") != High || ParseSeverity("?") != Unknown {
		t.Error("ParseSeverity")
	}
}
