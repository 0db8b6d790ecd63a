<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Quality</name>
    <message>
        <source>Good</source>
        <translation>良好</translation>
    </message>
    <message>
        <source>GoodLocalOverride</source>
        <translation>良好（本地强制）</translation>
    </message>
    <message>
        <source>Uncertain</source>
        <translation>可疑</translation>
    </message>
    <message>
        <source>UncertainLastUsableValue</source>
        <translation>可疑（最后可用值）</translation>
    </message>
    <message>
        <source>UncertainSubstituteValue</source>
        <translation>可疑（替代值）</translation>
    </message>
    <message>
        <source>UncertainInitialValue</source>
        <translation>可疑（初始值）</translation>
    </message>
    <message>
        <source>UncertainSensorNotAccurate</source>
        <translation>可疑（传感器不准确）</translation>
    </message>
    <message>
        <source>UncertainEngineeringUnitsExceeded</source>
        <translation>可疑（超出工程量程）</translation>
    </message>
    <message>
        <source>Bad</source>
        <translation>坏值</translation>
    </message>
    <message>
        <source>BadCommunicationError</source>
        <translation>坏值（通讯错误）</translation>
    </message>
    <message>
        <source>BadTimeout</source>
        <translation>坏值（超时）</translation>
    </message>
    <message>
        <source>BadUserAccessDenied</source>
        <translation>坏值（用户访问被拒绝）</translation>
    </message>
    <message>
        <source>BadIdentityTokenRejected</source>
        <translation>坏值（身份令牌被拒绝）</translation>
    </message>
    <message>
        <source>BadCertificateUntrusted</source>
        <translation>坏值（证书不受信任）</translation>
    </message>
    <message>
        <source>BadSecurityChecksFailed</source>
        <translation>坏值（安全检查失败）</translation>
    </message>
    <message>
        <source>BadNoCommunication</source>
        <translation>坏值（无通讯）</translation>
    </message>
    <message>
        <source>BadWaitingForInitialData</source>
        <translation>坏值（等待初始数据）</translation>
    </message>
    <message>
        <source>BadNodeIdUnknown</source>
        <translation>坏值（节点标识未知）</translation>
    </message>
    <message>
        <source>BadOutOfRange</source>
        <translation>坏值（超出范围）</translation>
    </message>
    <message>
        <source>BadTypeMismatch</source>
        <translation>坏值（类型不匹配）</translation>
    </message>
    <message>
        <source>BadConfigurationError</source>
        <translation>坏值（组态错误）</translation>
    </message>
    <message>
        <source>BadNotConnected</source>
        <translation>坏值（未连接）</translation>
    </message>
    <message>
        <source>BadDeviceFailure</source>
        <translation>坏值（设备故障）</translation>
    </message>
    <message>
        <source>BadSensorFailure</source>
        <translation>坏值（传感器故障）</translation>
    </message>
    <message>
        <source>BadOutOfService</source>
        <translation>坏值（停用）</translation>
    </message>
    <message>
        <source>(value {age} old)</source>
        <translation>（数值已有 {age}）</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <source>viewer</source>
        <translation>浏览员</translation>
    </message>
    <message>
        <source>operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>值长</translation>
    </message>
    <message>
        <source>engineer</source>
        <translation>工程师</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>管理员</translation>
    </message>
</context>
<context>
    <name>Scenario</name>
    <message>
        <source>Rectifier 1 trips on a DC ground fault</source>
        <translation>1 号整流器因直流接地故障跳闸</translation>
    </message>
    <message>
        <source>Purification upset: Co/Ni up, SeO2 dosing fails</source>
        <translation>净化异常：钴/镍升高，二氧化硒加药失效</translation>
    </message>
    <message>
        <source>Duty circulation pump trips</source>
        <translation>在用循环泵跳车</translation>
    </message>
    <message>
        <source>Magnetite loss at the magnetic separators</source>
        <translation>磁选机磁铁矿粉流失</translation>
    </message>
    <message>
        <source>Raw coal changes to 34 % ash</source>
        <translation>原煤灰分变为 34 %</translation>
    </message>
    <message>
        <source>Ash analyser source fault</source>
        <translation>灰分仪放射源故障</translation>
    </message>
    <message>
        <source>Cooling-water pump 2 trips</source>
        <translation>2 号冷却水泵跳车</translation>
    </message>
    <message>
        <source>Sinter machine stops</source>
        <translation>烧结机停机</translation>
    </message>
    <message>
        <source>Generator breaker trip (load rejection)</source>
        <translation>发电机断路器跳闸（甩负荷）</translation>
    </message>
</context>
</TS>
