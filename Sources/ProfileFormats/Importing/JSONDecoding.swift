import Foundation

/// `JSONDecoder` for the importers of flat JSON formats, with its errors turned into the one
/// line an `InputError` prints: where in the JSON, and what was wrong.
enum JSONDecoding {
  static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(InputError) -> T {
    do {
      return try JSONDecoder().decode(type, from: data)
    } catch {
      throw inputError(error)
    }
  }

  /// A decoding (or JSON syntax) error as a `schema` input error.
  static func inputError(_ error: any Error) -> InputError {
    guard let error = error as? DecodingError else {
      return InputError(.schema, .none, "not valid JSON: \(error.localizedDescription)")
    }
    return InputError(.schema, .none, describe(error))
  }

  static func describe(_ error: DecodingError) -> String {
    func path(_ context: DecodingError.Context) -> String {
      let keys = context.codingPath.map { key in
        key.intValue.map { "[\($0)]" } ?? "." + key.stringValue
      }.joined()
      return keys.isEmpty ? "" : " at \(keys)"
    }
    switch error {
    case .keyNotFound(let key, let context):
      return "no `\(key.stringValue)`\(path(context))"
    case .typeMismatch(_, let context), .valueNotFound(_, let context):
      return "unexpected value\(path(context)): \(context.debugDescription)"
    case .dataCorrupted(let context):
      let underlying = (context.underlyingError as NSError?)?.localizedDescription
      return "not valid JSON\(path(context)): \(underlying ?? context.debugDescription)"
    @unknown default:
      return "not the JSON expected"
    }
  }
}
