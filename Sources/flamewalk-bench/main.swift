import Foundation
import ProfileFormats
import ProfileModel

/// Release-build benchmarks: parse time and peak memory for pstats files.
/// Usage: flamewalk-bench pstats FILE [--iterations N]
func seconds(_ body: () throws -> Void) rethrows -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  try body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func peakResidentMegabytes() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  return Double(usage.ru_maxrss) / 1024
}

func median(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  return sorted[sorted.count / 2]
}

func report(_ label: String, _ times: [Double]) {
  let ms = times.map { $0 * 1000 }
  print(
    String(
      format: "%-28@ median %8.1f ms   min %8.1f ms   (%d runs)", label as NSString, median(ms),
      ms.min() ?? 0, ms.count))
}

var arguments = Array(CommandLine.arguments.dropFirst())
var iterations = 5
if let i = arguments.firstIndex(of: "--iterations"), i + 1 < arguments.count {
  iterations = Int(arguments[i + 1]) ?? 5
  arguments.removeSubrange(i...i + 1)
}
guard arguments.count == 2, arguments[0] == "pstats" else {
  FileHandle.standardError.write(
    Data("usage: flamewalk-bench pstats FILE [--iterations N]\n".utf8))
  exit(1)
}
let path = arguments[1]
do {
  let bytes = try InputFile(path: path).bytes()
  let source = ProfileSource(path: path, modified: nil)
  var profile: Profile?
  var readTimes: [Double] = []
  var decodeTimes: [Double] = []
  var reportTimes: [Double] = []
  for _ in 0..<iterations {
    readTimes.append(try seconds { _ = try InputFile(path: path).bytes() })
    decodeTimes.append(try seconds { profile = try PstatsImporter.decode(bytes, source: source) })
    let loaded = profile!
    reportTimes.append(
      seconds {
        let report = PstatsReport(profile: loaded)
        let listing = report.listing(
          order: PstatsSortOrder(["cumulative"]), restrictions: [.count(30)])
        _ = report.stats(listing)
      })
  }
  let graph = profile!.graph
  print(
    "file: \(path)  \(bytes.count) bytes, \(graph.entryCount) functions, \(graph.edgeCount) edges")
  report("read file", readTimes)
  report("decode pstats", decodeTimes)
  report("sort cumulative + print 30", reportTimes)
  print(String(format: "peak RSS %.1f MB", peakResidentMegabytes()))
} catch {
  FileHandle.standardError.write(Data("flamewalk-bench: \(error)\n".utf8))
  exit(2)
}
