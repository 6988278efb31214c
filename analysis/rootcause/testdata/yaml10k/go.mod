module example.com/yaml10k

go 1.26
