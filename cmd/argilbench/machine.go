package main

import (
	"bufio"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// machine describes the computer a benchmark ran on.
type machine struct {
	CPUs      int
	CPUModel  string
	MemoryMiB int64
	Kernel    string
	Go        string
	Terraform string
}

func readMachine(terraformVersion string) machine {
	m := machine{CPUs: runtime.NumCPU(), Go: runtime.Version(), Terraform: terraformVersion, CPUModel: "unknown"}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		m.CPUModel = parseCPUModel(f)
		f.Close()
	}
	if f, err := os.Open("/proc/meminfo"); err == nil {
		m.MemoryMiB = parseMemTotalMiB(f)
		f.Close()
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	return m
}

// parseCPUModel returns the first "model name" of a /proc/cpuinfo file.
func parseCPUModel(r io.Reader) string {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

// parseMemTotalMiB returns MemTotal of a /proc/meminfo file in MiB.
func parseMemTotalMiB(r io.Reader) int64 {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) == 0 {
			return 0
		}
		kb, _ := strconv.ParseInt(f[0], 10, 64)
		return kb / 1024
	}
	return 0
}

// loadAverage returns the 1, 5 and 15 minute load averages of /proc/loadavg, or "unknown".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return parseLoadAverage(string(b))
}

// parseLoadAverage formats the first three fields of a /proc/loadavg line.
func parseLoadAverage(s string) string {
	f := strings.Fields(s)
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], ", ")
}
