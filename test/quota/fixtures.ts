// Zhongwei (中卫市, 640500): the city bureau, its online-trading section and three county bureaus.
export const UNITS_CSV = `id,name,kind,regions,quota,parent
city,中卫市市场监督管理局,city,640500,0,
city-net,市局市场与网络交易监管科,city-section,640500,2,city
spt,沙坡头区市场监督管理局,county,640502,,city
zn,中宁县市场监督管理局,county,640521,1,city
hy,海原县市场监督管理局,county,640522;640523,1,city
`;
