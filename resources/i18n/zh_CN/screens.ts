<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Screen</name>
    <message>
        <source>Alarms</source>
        <translation>报警</translation>
    </message>
    <message>
        <source>Compressor inlet and the CO2 critical point</source>
        <translation>压缩机入口与 CO2 临界点</translation>
    </message>
    <message>
        <source>Inlet temperature and precooler</source>
        <translation>入口温度与预冷器</translation>
    </message>
    <message>
        <source>Inlet temperature TIC</source>
        <translation>入口温度 TIC</translation>
    </message>
    <message>
        <source>Inlet temperature</source>
        <translation>入口温度</translation>
    </message>
    <message>
        <source>Precooler valve</source>
        <translation>预冷器阀门</translation>
    </message>
    <message>
        <source>Inlet temperature, 10 min</source>
        <translation>入口温度，10 min</translation>
    </message>
    <message>
        <source>Inlet density</source>
        <translation>入口密度</translation>
    </message>
    <message>
        <source>Inlet pressure</source>
        <translation>入口压力</translation>
    </message>
    <message>
        <source>Cooling water</source>
        <translation>冷却水</translation>
    </message>
    <message>
        <source>CW supply</source>
        <translation>冷却水供水</translation>
    </message>
    <message>
        <source>sCO2 loop (F4)</source>
        <translation>超临界CO2回路 (F4)</translation>
    </message>
    <message>
        <source>Compressor and anti-surge</source>
        <translation>压缩机与防喘振</translation>
    </message>
    <message>
        <source>Surge margin</source>
        <translation>喘振裕度</translation>
    </message>
    <message>
        <source>Anti-surge</source>
        <translation>防喘振</translation>
    </message>
    <message>
        <source>Anti-surge valve</source>
        <translation>防喘振阀</translation>
    </message>
    <message>
        <source>CO2 flow</source>
        <translation>CO2 流量</translation>
    </message>
    <message>
        <source>Discharge pressure</source>
        <translation>出口压力</translation>
    </message>
    <message>
        <source>Discharge temperature</source>
        <translation>出口温度</translation>
    </message>
    <message>
        <source>Shaft speed</source>
        <translation>轴转速</translation>
    </message>
    <message>
        <source>Bearing vibration</source>
        <translation>轴承振动</translation>
    </message>
    <message>
        <source>Compressor</source>
        <translation>压缩机</translation>
    </message>
    <message>
        <source>Dense-medium cyclones</source>
        <translation>重介质旋流器</translation>
    </message>
    <message>
        <source>Raw coal</source>
        <translation>原煤</translation>
    </message>
    <message>
        <source>Feed</source>
        <translation>入料</translation>
    </message>
    <message>
        <source>Feed ash</source>
        <translation>入料灰分</translation>
    </message>
    <message>
        <source>Feed setpoint</source>
        <translation>入料设定值</translation>
    </message>
    <message>
        <source>Deslime</source>
        <translation>脱泥筛</translation>
    </message>
    <message>
        <source>fines ▸ flotation</source>
        <translation>煤泥 ▸ 浮选</translation>
    </message>
    <message>
        <source>Clean D&amp;R</source>
        <translation>精煤脱介筛</translation>
    </message>
    <message>
        <source>Reject D&amp;R</source>
        <translation>矸石脱介筛</translation>
    </message>
    <message>
        <source>Overflow</source>
        <translation>溢流</translation>
    </message>
    <message>
        <source>Medium density DIC</source>
        <translation>介质密度 DIC</translation>
    </message>
    <message>
        <source>Underflow</source>
        <translation>底流</translation>
    </message>
    <message>
        <source>Medium density, 30 min</source>
        <translation>介质密度，30 min</translation>
    </message>
    <message>
        <source>medium from D&amp;R screens ▾ sump</source>
        <translation>脱介筛介质 ▾ 合介桶</translation>
    </message>
    <message>
        <source>Density loop (F6)</source>
        <translation>密度回路 (F6)</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Clean coal</source>
        <translation>精煤</translation>
    </message>
    <message>
        <source>Ash (online analyser)</source>
        <translation>灰分（在线测灰仪）</translation>
    </message>
    <message>
        <source>Analyser</source>
        <translation>测灰仪</translation>
    </message>
    <message>
        <source>Yield</source>
        <translation>产率</translation>
    </message>
    <message>
        <source>Middlings and reject</source>
        <translation>中煤与矸石</translation>
    </message>
    <message>
        <source>Middlings</source>
        <translation>中煤</translation>
    </message>
    <message>
        <source>Middlings ash</source>
        <translation>中煤灰分</translation>
    </message>
    <message>
        <source>Reject ash</source>
        <translation>矸石灰分</translation>
    </message>
    <message>
        <source>Medium circuit</source>
        <translation>介质系统</translation>
    </message>
    <message>
        <source>Water</source>
        <translation>清水</translation>
    </message>
    <message>
        <source>Sump level LIC</source>
        <translation>合介桶液位 LIC</translation>
    </message>
    <message>
        <source>Water addition</source>
        <translation>补水</translation>
    </message>
    <message>
        <source>Medium sump</source>
        <translation>合格介质桶</translation>
    </message>
    <message>
        <source>Splitter</source>
        <translation>分流</translation>
    </message>
    <message>
        <source>Mag. sep.</source>
        <translation>磁选机</translation>
    </message>
    <message>
        <source>magnetite</source>
        <translation>磁铁矿</translation>
    </message>
    <message>
        <source>tails ▸</source>
        <translation>尾矿 ▸</translation>
    </message>
    <message>
        <source>Dilute</source>
        <translation>稀介质</translation>
    </message>
    <message>
        <source>Tails magnetite</source>
        <translation>尾矿磁铁矿</translation>
    </message>
    <message>
        <source>Magnetite use</source>
        <translation>磁铁矿消耗</translation>
    </message>
    <message>
        <source>Inventory</source>
        <translation>存量</translation>
    </message>
    <message>
        <source>Flotation</source>
        <translation>浮选</translation>
    </message>
    <message>
        <source>◂ fines from desliming</source>
        <translation>◂ 脱泥煤泥</translation>
    </message>
    <message>
        <source>concentrate ▸</source>
        <translation>精煤 ▸</translation>
    </message>
    <message>
        <source>Feed solids</source>
        <translation>入料浓度</translation>
    </message>
    <message>
        <source>Collector</source>
        <translation>捕收剂</translation>
    </message>
    <message>
        <source>Collector setpoint</source>
        <translation>捕收剂设定值</translation>
    </message>
    <message>
        <source>Concentrate ash</source>
        <translation>浮选精煤灰分</translation>
    </message>
    <message>
        <source>Tailings ash</source>
        <translation>尾煤灰分</translation>
    </message>
    <message>
        <source>Coal washing</source>
        <translation>选煤</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>通讯连接</translation>
    </message>
    <message>
        <source>Simulator scenarios</source>
        <translation>仿真场景</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>位号</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>诊断</translation>
    </message>
    <message>
        <source>Medium density control</source>
        <translation>介质密度控制</translation>
    </message>
    <message>
        <source>Density</source>
        <translation>密度</translation>
    </message>
    <message>
        <source>Controller output</source>
        <translation>控制器输出</translation>
    </message>
    <message>
        <source>Density, 30 min (normal band shaded)</source>
        <translation>密度，30 min（阴影为正常范围）</translation>
    </message>
    <message>
        <source>Setpoint</source>
        <translation>设定值</translation>
    </message>
    <message>
        <source>Overflow density</source>
        <translation>溢流密度</translation>
    </message>
    <message>
        <source>Underflow density</source>
        <translation>底流密度</translation>
    </message>
    <message>
        <source>Cyclone inlet pressure</source>
        <translation>旋流器入口压力</translation>
    </message>
    <message>
        <source>Actuators</source>
        <translation>执行机构</translation>
    </message>
    <message>
        <source>Water addition (too dense)</source>
        <translation>补水（密度过高）</translation>
    </message>
    <message>
        <source>Splitter (too light)</source>
        <translation>分流（密度过低）</translation>
    </message>
    <message>
        <source>Dilute medium</source>
        <translation>稀介质</translation>
    </message>
    <message>
        <source>Coal washing (F3)</source>
        <translation>选煤 (F3)</translation>
    </message>
    <message>
        <source>Correct-medium sump and magnetite</source>
        <translation>合格介质桶与磁铁矿</translation>
    </message>
    <message>
        <source>Sump</source>
        <translation>合介桶</translation>
    </message>
    <message>
        <source>Magnetite inventory</source>
        <translation>磁铁矿存量</translation>
    </message>
    <message>
        <source>Separator tails</source>
        <translation>磁选尾矿</translation>
    </message>
    <message>
        <source>Effect on the product</source>
        <translation>对产品的影响</translation>
    </message>
    <message>
        <source>Clean coal ash</source>
        <translation>精煤灰分</translation>
    </message>
    <message>
        <source>Ash analyser</source>
        <translation>测灰仪</translation>
    </message>
    <message>
        <source>Raw coal ash</source>
        <translation>原煤灰分</translation>
    </message>
    <message>
        <source>Raw coal feed</source>
        <translation>原煤入料</translation>
    </message>
    <message>
        <source>Density loop</source>
        <translation>密度回路</translation>
    </message>
    <message>
        <source>Series 1</source>
        <translation>1系列</translation>
    </message>
    <message>
        <source>Series 2</source>
        <translation>2系列</translation>
    </message>
    <message>
        <source>Rectifier 1  (series 1)</source>
        <translation>1号整流器（1系列）</translation>
    </message>
    <message>
        <source>Rectifier 2  (series 2)</source>
        <translation>2号整流器（2系列）</translation>
    </message>
    <message>
        <source>Series 1  (rectifier 1), cells 1-60</source>
        <translation>1系列（1号整流器），1–60 号电解槽</translation>
    </message>
    <message>
        <source>Series 2  (rectifier 2), cells 1-60</source>
        <translation>2系列（2号整流器），1–60 号电解槽</translation>
    </message>
    <message>
        <source>DC current</source>
        <translation>直流电流</translation>
    </message>
    <message>
        <source>DC voltage</source>
        <translation>直流电压</translation>
    </message>
    <message>
        <source>Transformer oil</source>
        <translation>变压器油温</translation>
    </message>
    <message>
        <source>Trip</source>
        <translation>跳闸</translation>
    </message>
    <message>
        <source>DC ground fault</source>
        <translation>直流接地故障</translation>
    </message>
    <message>
        <source>Voltage</source>
        <translation>槽电压</translation>
    </message>
    <message>
        <source>Temp.</source>
        <translation>槽温</translation>
    </message>
    <message>
        <source>Rectifiers</source>
        <translation>整流器</translation>
    </message>
    <message>
        <source>Rectifier detail (F5)</source>
        <translation>整流器详情 (F5)</translation>
    </message>
    <message>
        <source>Electrolyte circulation</source>
        <translation>电解液循环</translation>
    </message>
    <message>
        <source>Cells</source>
        <translation>电解槽</translation>
    </message>
    <message>
        <source>Feed flow FIC</source>
        <translation>补液流量 FIC</translation>
    </message>
    <message>
        <source>Electrolyte flow</source>
        <translation>电解液循环</translation>
    </message>
    <message>
        <source>Feed solution</source>
        <translation>新液</translation>
    </message>
    <message>
        <source>SeO2</source>
        <translation>二氧化硒</translation>
    </message>
    <message>
        <source>Catholyte</source>
        <translation>阴极液</translation>
    </message>
    <message>
        <source>Cell house</source>
        <translation>电解车间</translation>
    </message>
    <message>
        <source>cells: light = normal band, darker = further out  (▲ above / ▼ below), marker = alarm</source>
        <translation>电解槽：浅色 = 正常范围，颜色越深偏离越大（▲ 偏高 / ▼ 偏低），标记 = 报警</translation>
    </message>
    <message>
        <source>Cooling water and hall gas</source>
        <translation>冷却水与车间气体</translation>
    </message>
    <message>
        <source>Hydrogen</source>
        <translation>氢气</translation>
    </message>
    <message>
        <source>Ammonia</source>
        <translation>氨气</translation>
    </message>
    <message>
        <source>Production</source>
        <translation>生产</translation>
    </message>
    <message>
        <source>Current efficiency</source>
        <translation>电流效率</translation>
    </message>
    <message>
        <source>DC energy</source>
        <translation>吨锰直流电耗</translation>
    </message>
    <message>
        <source>Mn rate</source>
        <translation>锰产量</translation>
    </message>
    <message>
        <source>Since stripping</source>
        <translation>距剥锰</translation>
    </message>
    <message>
        <source>Energy</source>
        <translation>能耗</translation>
    </message>
    <message>
        <source>Loop check</source>
        <translation>回路校验</translation>
    </message>
    <message>
        <source>trends: last 30 min</source>
        <translation>趋势：最近 30 min</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>总貌</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>设备健康</translation>
    </message>
    <message>
        <source>Rectifier 1  (series 1, 60 cells)</source>
        <translation>1号整流器（1系列，60 个电解槽）</translation>
    </message>
    <message>
        <source>Rectifier 2  (series 2, 60 cells)</source>
        <translation>2号整流器（2系列，60 个电解槽）</translation>
    </message>
    <message>
        <source>Current setpoint</source>
        <translation>电流设定值</translation>
    </message>
    <message>
        <source>Trip reset command</source>
        <translation>跳闸复位命令</translation>
    </message>
    <message>
        <source>trends: last 10 min</source>
        <translation>趋势：最近 10 min</translation>
    </message>
    <message>
        <source>Cells (light = normal band; darker = further out)</source>
        <translation>电解槽（浅色 = 正常范围；颜色越深偏离越大）</translation>
    </message>
    <message>
        <source>Cell house totals</source>
        <translation>电解车间合计</translation>
    </message>
    <message>
        <source>Cell house (F2)</source>
        <translation>电解车间 (F2)</translation>
    </message>
    <message>
        <source>Recuperated Brayton loop</source>
        <translation>回热布雷顿循环</translation>
    </message>
    <message>
        <source>flue gas from the sinter cooler</source>
        <translation>来自烧结环冷机的烟气</translation>
    </message>
    <message>
        <source>Waste-heat exchanger</source>
        <translation>余热换热器</translation>
    </message>
    <message>
        <source>to stack</source>
        <translation>去烟囱</translation>
    </message>
    <message>
        <source>Turbine</source>
        <translation>透平</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>转速</translation>
    </message>
    <message>
        <source>Generator</source>
        <translation>发电机</translation>
    </message>
    <message>
        <source>Net power</source>
        <translation>净功率</translation>
    </message>
    <message>
        <source>Breaker</source>
        <translation>断路器</translation>
    </message>
    <message>
        <source>Bypass</source>
        <translation>旁路</translation>
    </message>
    <message>
        <source>Recuperator</source>
        <translation>回热器</translation>
    </message>
    <message>
        <source>Precooler</source>
        <translation>预冷器</translation>
    </message>
    <message>
        <source>Comp.</source>
        <translation>压缩机</translation>
    </message>
    <message>
        <source>◂ CW supply</source>
        <translation>◂ 冷却水供水</translation>
    </message>
    <message>
        <source>CW return ▸</source>
        <translation>冷却水回水 ▸</translation>
    </message>
    <message>
        <source>CW flow</source>
        <translation>冷却水流量</translation>
    </message>
    <message>
        <source>Compressor inlet and the critical point</source>
        <translation>压缩机入口与临界点</translation>
    </message>
    <message>
        <source>Compressor (F7)</source>
        <translation>压缩机 (F7)</translation>
    </message>
    <message>
        <source>Heat source and unit</source>
        <translation>热源与机组</translation>
    </message>
    <message>
        <source>Flue gas in</source>
        <translation>入口烟气</translation>
    </message>
    <message>
        <source>Flue gas out</source>
        <translation>出口烟气</translation>
    </message>
    <message>
        <source>Flue gas flow</source>
        <translation>烟气流量</translation>
    </message>
    <message>
        <source>Heat recovered</source>
        <translation>余热回收</translation>
    </message>
    <message>
        <source>Cycle efficiency</source>
        <translation>循环效率</translation>
    </message>
    <message>
        <source>Recuperator eff.</source>
        <translation>回热器效能</translation>
    </message>
    <message>
        <source>CO2 inventory</source>
        <translation>CO2 充装量</translation>
    </message>
    <message>
        <source>Enclosure CO2</source>
        <translation>罩壳内 CO2</translation>
    </message>
    <message>
        <source>Compressor inlet temperature, 30 min</source>
        <translation>压缩机入口温度，30 min</translation>
    </message>
    <message>
        <source>Net power, 30 min</source>
        <translation>净功率，30 min</translation>
    </message>
    <message>
        <source>sCO2 loop</source>
        <translation>超临界CO2回路</translation>
    </message>
    <message>
        <source>Trends</source>
        <translation>趋势</translation>
    </message>
</context>
</TS>
