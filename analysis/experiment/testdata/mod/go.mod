module example.com/expmod

go 1.25
