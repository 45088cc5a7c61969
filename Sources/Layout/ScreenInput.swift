import Explorer
import Screen

/// Feeds a key to the explorer as the screen shows it: a mouse event is resolved against the
/// layout the renderer draws for the state (`MouseResolver`) — the reducer knows no screen
/// geometry — and every other key goes to the reducer.
public enum ScreenInput {
  public static func handle(_ key: Key, in state: inout ExplorerState) {
    if case .mouse(let event) = key {
      if let action = MouseResolver.resolve(state, event) { state.apply(action) }
      return
    }
    state.handle(key)
  }
}
