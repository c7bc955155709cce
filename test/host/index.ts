export { mountControl } from './context';
export type { HostOptions, MountedControl, OpenFormCall, RawParameterValue, ReactControlClass, ThemeName, EntityMetadataSource, EntityPrivilegeSource } from './context';
export { parseManifest } from './manifest';
export type { ControlManifest, ManifestProperty } from './manifest';
export { parseResx } from './resx';
