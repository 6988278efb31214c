package kv

// hashCode is the string hash the Java services use, so that every client
// routes a key to the same shard.
func hashCode(s string) int32 {
	var h int32
	for i := 0; i < len(s); i++ {
		h = 31*h + int32(s[i])
	}
	return h
}

func shardIndex(key string, shards int) int {
	return int(hashCode(key)) % shards // ROOT
}
