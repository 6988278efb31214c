package cfapi

import "sort"

// Info is the subset of the /v3/info response the client cares about.
type Info struct {
	Name       string
	APIVersion string
}

type Client struct {
	info Info
}

func NewClient(info Info) *Client { return &Client{info: info} }

const (
	metadataMinVersion = "3.66.0"
	sidecarMinVersion  = "3.77.0"
)

// SupportsMetadata reports whether labels and annotations can be set.
func (c *Client) SupportsMetadata() bool { return atLeast(c.info.APIVersion, metadataMinVersion) }

// SupportsSidecars reports whether app sidecars can be declared.
func (c *Client) SupportsSidecars() bool { return atLeast(c.info.APIVersion, sidecarMinVersion) }

// Newest returns the newest of the given buildpack versions.
func Newest(versions []string) string {
	if len(versions) == 0 {
		return ""
	}
	vs := append([]string(nil), versions...)
	sort.Slice(vs, func(i, j int) bool { return compareVersions(vs[i], vs[j]) < 0 })
	return vs[len(vs)-1]
}
