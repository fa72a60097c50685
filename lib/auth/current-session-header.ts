export const PATHNAME_HEADER = 'x-gatehouse-pathname';
