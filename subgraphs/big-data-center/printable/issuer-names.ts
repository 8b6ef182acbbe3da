/** Printed names of the issuing departments (Putuo district, Shanghai) for the paper copy. */
export const ISSUER_NAMES: Readonly<Record<string, string>> = {
  'public-security': '上海市公安局普陀分局',
  'market-supervision': '上海市普陀区市场监督管理局',
  health: '上海市普陀区卫生健康委员会',
  housing: '上海市普陀区不动产登记事务中心',
  tax: '国家税务总局上海市普陀区税务局',
  'human-resources': '上海市普陀区人力资源和社会保障局',
  'big-data-center': '上海市大数据中心',
  'service-center': '上海市普陀区行政服务中心',
};
