// busy: a Go program that spends CPU in a few functions and allocates, profiled by
// runtime/pprof (CPU and heap profiles).
package main

import (
	"crypto/sha256"
	"os"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
)

var sink [][]byte

func hashLoop(n int) byte {
	data := []byte(strings.Repeat("flamewalk", 100))
	var out byte
	for i := 0; i < n; i++ {
		sum := sha256.Sum256(data)
		out ^= sum[0]
	}
	return out
}

func sortLoop(n int) int {
	total := 0
	for i := 0; i < n; i++ {
		xs := make([]int, 2000)
		for j := range xs {
			xs[j] = (j * 7919) % 2003
		}
		sort.Ints(xs)
		total += xs[0]
	}
	return total
}

func allocate(n int) {
	for i := 0; i < n; i++ {
		sink = append(sink, make([]byte, 4096))
	}
}

func main() {
	runtime.MemProfileRate = 4096
	cpu, _ := os.Create(os.Args[1])
	pprof.StartCPUProfile(cpu)
	hashLoop(300000)
	sortLoop(3000)
	allocate(20000)
	pprof.StopCPUProfile()
	cpu.Close()
	runtime.GC()
	heap, _ := os.Create(os.Args[2])
	pprof.WriteHeapProfile(heap)
	heap.Close()
}
