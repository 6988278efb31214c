module example.com/sleuth-examples

go 1.26
