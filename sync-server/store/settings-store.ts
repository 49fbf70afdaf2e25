/** Small server facts that must outlive a restart (e.g. that the demo model was created once). */

export interface SettingsStore {
  get(key: string): Promise<string | null>
  set(key: string, value: string): Promise<void>
}
