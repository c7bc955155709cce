export { mountControl } from './context';
export type { HostOptions, MountedControl, OpenFormCall, RawParameterValue, ReactControlClass, ThemeName, EntityMetadataSource, EntityPrivilegeSource } from './context';
export { parseManifest } from './manifest';
export type { ControlManifest, ManifestDataSet, ManifestProperty } from './manifest';
export { createDatasetHost } from './dataset';
export type { DatasetHost, DatasetHostOptions, LinkingBehaviour, PlatformReader, ViewColumnDefinition, ViewDefinition } from './dataset';
export { parseResx } from './resx';
export { ACTIVE_CONTACTS_VIEW } from './views';
