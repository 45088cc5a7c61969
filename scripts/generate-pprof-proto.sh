#!/bin/sh
# Regenerates Sources/ProfileFormats/Pprof/profile.pb.swift from scripts/proto/profile.proto.
# Needs protoc (Debian: protobuf-compiler) and protoc-gen-swift of the swift-protobuf
# version Package.swift names (`swift build -c release --product protoc-gen-swift` in a
# checkout of it); pass the plugin's path as the first argument. The output is committed,
# so building flamewalk never needs either tool.
set -eu
plugin=${1:?usage: scripts/generate-pprof-proto.sh PATH/TO/protoc-gen-swift}
root=$(cd "$(dirname "$0")/.." && pwd)
protoc --plugin=protoc-gen-swift="$plugin" \
  --swift_opt=Visibility=Internal \
  --proto_path="$root/scripts/proto" \
  --swift_out="$root/Sources/ProfileFormats/Pprof" \
  "$root/scripts/proto/profile.proto"
