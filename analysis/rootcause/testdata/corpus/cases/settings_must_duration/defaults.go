package settings

// defaultValues are used for keys the operator did not set.
func defaultValues() map[string]string {
	return map[string]string{
		"http.addr":          ":8080",
		"http.read_timeout":  "15s",
		"http.write_timeout": "30s",
		"http.idle_timeout":  "120", // ROOT
		"cache.ttl":          "5m",
		"cache.max_entries":  "10000",
	}
}
