// Package workload turns Kubernetes pods into the scheduler's own workload
// records through an apimachinery scheme: the failure the large-module
// benchmark of package rootcause analyses runs through k8s.io code.
package workload

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/conversion"
	"k8s.io/apimachinery/pkg/runtime"
)

// Workload is what the scheduler keeps of a pod.
type Workload struct {
	Name      string
	Namespace string
	Image     string
	RunAsUser int64
	CPUMillis int64
	Labels    map[string]string
}

// NewScheme returns a scheme that knows the core API and converts pods to
// workloads.
func NewScheme() (*runtime.Scheme, error) {
	s := runtime.NewScheme()
	if err := corev1.AddToScheme(s); err != nil {
		return nil, fmt.Errorf("workload: core scheme: %w", err)
	}
	err := s.AddConversionFunc((*corev1.Pod)(nil), (*Workload)(nil), func(a, b any, _ conversion.Scope) error {
		return fromPod(a.(*corev1.Pod), b.(*Workload))
	})
	if err != nil {
		return nil, fmt.Errorf("workload: conversion: %w", err)
	}
	return s, nil
}

func fromPod(pod *corev1.Pod, w *Workload) error {
	if len(pod.Spec.Containers) == 0 {
		return fmt.Errorf("workload: pod %s/%s has no containers", pod.Namespace, pod.Name)
	}
	c := pod.Spec.Containers[0]
	w.Name, w.Namespace, w.Image = pod.Name, pod.Namespace, c.Image
	w.RunAsUser = runAsUser(pod, c)
	w.CPUMillis = c.Resources.Requests.Cpu().MilliValue()
	w.Labels = map[string]string{}
	for k, v := range pod.Labels {
		w.Labels[k] = v
	}
	return nil
}

// runAsUser is the user a container runs as: its own security context wins
// over the pod's.
func runAsUser(pod *corev1.Pod, c corev1.Container) int64 {
	if sc := c.SecurityContext; sc != nil && sc.RunAsUser != nil {
		return *sc.RunAsUser
	}
	return *pod.Spec.SecurityContext.RunAsUser
}
