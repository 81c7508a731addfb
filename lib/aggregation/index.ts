export * from './majority';
export * from './dawid-skene';
export * from './dawid-skene-fit';
export * from './bradley-terry';
export * from './agreement';
export * from './options';
export * from './tie-break';
