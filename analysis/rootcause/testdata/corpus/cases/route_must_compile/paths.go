package router

import "path"

func collectionPath(prefix, resource string) string {
	return path.Join("/", prefix, resource)
}

func itemPath(prefix, resource string) string {
	return prefix + "/" + resource + "/{id}" // ROOT
}
